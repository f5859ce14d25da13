using System.Text;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// One form of UUID for every entry point: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx. A hostile test found
/// <c>"commandId": "{6f1c…}"</c> in a batch file refused as "not valid Unicode" (the pre-check used Guid.TryParse,
/// which reads braces; System.Text.Json then refused it), while the CLI's <c>--command-id {6f1c…}</c> recorded.
/// Now each UUID field refuses every other form, naming the field, the value and the form.
/// </summary>
public sealed class UuidFormTests
{
    private const string Id = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    private const string Form = "must be a UUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    public static TheoryData<string> OtherForms => new()
    {
        "{" + Id + "}",                      // B
        Id.Replace("-", ""),                 // N
        "(" + Id + ")",                      // P
        "{0x6f1c2a3b,0x4d5e,0x4f60,{0x8a,0x7b,0x9c,0x0d,0x1e,0x2f,0x3a,0x4b}}", // X
        " " + Id,
        Id + " ",
        Id + "\n",
        "+f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
        "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4",
    };

    private const string Designation =
        "\"actor\": \"US\", \"counterpart\": \"CU\", \"list\": \"L\", \"authority\": \"A\", \"effectiveDate\": \"1982-03-01\", \"recordedBy\": \"me\", \"sources\": [{\"publisher\": \"P\", \"title\": \"T\"}]";

    private static (RecordCommand? Command, List<ValidationFailure> Failures) Read(string json)
    {
        var failures = new List<ValidationFailure>();
        using var document = JsonDocument.Parse(json);
        return (CommandJson.Read(document.RootElement, typeof(ImposeDesignation), "", failures), failures);
    }

    [Theory]
    [MemberData(nameof(OtherForms))]
    public void Every_UUID_field_of_a_command_refuses_another_form_naming_the_field_and_the_form(string form)
    {
        foreach (var field in new[] { "commandId", "correlationId", "causationId" })
        {
            var (command, failures) = Read($$"""{"{{field}}": {{JsonSerializer.Serialize(form)}}, {{Designation}}}""");
            Assert.Null(command);
            var failure = Assert.Single(failures);
            Assert.Equal(field, failure.PropertyName);
            Assert.Contains($"'{field}' {Form}", failure.ErrorMessage, StringComparison.Ordinal);
            Assert.Contains($"'{form}' is not", failure.ErrorMessage, StringComparison.Ordinal);
            Assert.DoesNotContain("Unicode", failure.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Id)]
    [InlineData("6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B")]
    [InlineData("\\u0036f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b")] // an escaped digit is still the form
    public void The_form_is_read_in_either_case_and_through_JSON_escapes(string form)
    {
        var (command, failures) = Read($$"""{"commandId": "{{form}}", "correlationId": "{{form}}", "causationId": "{{form}}", {{Designation}}}""");
        Assert.Empty(failures);
        Assert.Equal((Guid.Parse(Id), Guid.Parse(Id), Guid.Parse(Id)), (command!.CommandId, command.CorrelationId!.Value, command.CausationId!.Value));
    }

    /// <summary>The rule is exactly the JSON reader's: what one reads, the other does; the pre-check can never pass what deserializing then refuses.</summary>
    [Theory]
    [MemberData(nameof(OtherForms))]
    [InlineData(Id)]
    [InlineData("6F1C2A3B-4D5E-4F60-8A7B-9c0d1e2f3a4b")]
    public void The_rule_is_the_JSON_readers(string form)
    {
        bool json;
        try { JsonSerializer.Deserialize<Guid>(JsonSerializer.Serialize(form)); json = true; }
        catch (JsonException) { json = false; }
        Assert.Equal(json, UuidText.TryParse(form, out _));
    }

    [Theory]
    [MemberData(nameof(OtherForms))]
    public void A_mends_target_refuses_another_form(string form)
    {
        var retract = TestLedger.Sourced(new RetractEntry("US", "CU", form, "wrong"), "2003");
        var result = new RetractEntryValidator().Validate(retract);
        var failure = Assert.Single(result.Errors, e => string.Equals(e.PropertyName, "target", StringComparison.OrdinalIgnoreCase)); // camelCase once the pipeline is registered
        Assert.Contains("a UUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.True(new RetractEntryValidator().Validate(retract with { Target = Id }).IsValid);
    }

    [Fact]
    public void A_batch_names_the_item_and_field_and_refuses_a_batch_correlation_id_in_braces()
    {
        var failures = new List<ValidationFailure>();
        Assert.Null(BatchJson.Read(Encoding.UTF8.GetBytes($$"""{"command": "impose-designation", "commandId": "{{{Id}}}", {{Designation}}}"""), failures));
        var item = Assert.Single(failures);
        Assert.Equal("line 1.commandId", item.PropertyName);
        Assert.Contains($"'commandId' {Form}; '{{{Id}}}' is not", item.ErrorMessage, StringComparison.Ordinal);

        failures.Clear();
        Assert.Null(BatchJson.Read(Encoding.UTF8.GetBytes($$"""{"correlationId": "{{{Id}}}", "commands": [{"command": "impose-designation", {{Designation}}}]}"""), failures));
        var shared = Assert.Single(failures);
        Assert.Equal("correlationId", shared.PropertyName);
        Assert.Contains("in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", shared.ErrorMessage, StringComparison.Ordinal);
    }
}
