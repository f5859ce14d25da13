using System.Text;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Recording;
using FluentValidation.Results;

namespace RelationsLedger.Application.Tests.Batch;

/// <summary>
/// The US designation of Cuba as a State Sponsor of Terrorism: on 1982-03-01, off 2015-05-29, on 2021-01-12,
/// off 2025-01-14, on 2025-01-20 — entered as sources turn up: three single commands, then the 2021–2025 pair.
/// </summary>
public static class CubaBatch
{
    public const string List = "State Sponsors of Terrorism";
    public const string Authority = "Secretary of State";

    public static ImposeDesignation Designate(string on) => TestLedger.Sourced(new ImposeDesignation("US", "CU", List, Authority), on);
    public static RemoveDesignation Rescind(string on) => TestLedger.Sourced(new RemoveDesignation("US", "CU", List, Authority), on);

    /// <summary>The singles, in the order the sources were found.</summary>
    public static RecordCommand[] Singles => [Designate("1982-03-01"), Rescind("2015-05-29"), Designate("2025-01-20")];

    /// <summary>The pair as NDJSON, with the given command ids.</summary>
    public static string PairNdjson(Guid on, Guid off) =>
        $$"""
        {"command": "impose-designation", "commandId": "{{on}}", "actor": "US", "counterpart": "CU", "list": "{{List}}", "authority": "{{Authority}}", "effectiveDate": "2021-01-12", "recordedBy": "analyst", "sources": [{"publisher": "US Department of State", "title": "State Sponsor of Terrorism Designation of Cuba", "publishedOn": "2021-01-11"}]}
        {"command": "remove-designation", "commandId": "{{off}}", "actor": "US", "counterpart": "CU", "list": "{{List}}", "authority": "{{Authority}}", "effectiveDate": "2025-01-14", "recordedBy": "analyst", "sources": [{"publisher": "The White House", "title": "Rescission of Cuba's designation as a State Sponsor of Terrorism", "publishedOn": "2025-01-14"}]}
        """;

    /// <summary>The batch in <paramref name="json"/>; the test fails with the reader's problems when there are any.</summary>
    public static RecordBatch Read(string json)
    {
        var failures = new List<ValidationFailure>();
        var batch = BatchJson.Read(Encoding.UTF8.GetBytes(json), failures);
        Assert.True(batch is not null, string.Join("; ", failures.Select(f => $"{f.PropertyName}: {f.ErrorMessage}")));
        return batch!;
    }

    /// <summary>The reader's problems with <paramref name="json"/> (it must refuse it).</summary>
    public static List<ValidationFailure> Problems(string json)
    {
        var failures = new List<ValidationFailure>();
        Assert.Null(BatchJson.Read(Encoding.UTF8.GetBytes(json), failures));
        Assert.NotEmpty(failures);
        return failures;
    }
}
