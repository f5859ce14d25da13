using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Verify;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>An export file verifies on its own — chains and a digest taken on the exporting store — and tampering with it is named.</summary>
public sealed class ExportFileVerifyTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private List<string> _lines = null!;
    private LedgerDigest _digest = null!;

    public async Task InitializeAsync()
    {
        await using var ledger = await TestLedger.OpenAsync(_folder.File("ledger.db"));
        await ledger.RecordFoundingExampleAsync();
        _digest = await ledger.Send(new TakeDigest());
        using var export = new MemoryStream();
        await ledger.Send(new ExportEvents(export));
        _lines = ExportText.EventLines(Encoding.UTF8.GetString(export.ToArray()));
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<VerifyReport> VerifyAsync(IEnumerable<string> lines, string? digest)
    {
        await using var services = await Hosting.LedgerServices.OpenAsync(Hosting.StoreLocation.Parse(Path.Combine(Path.GetTempPath(), $"unused-{Guid.NewGuid():N}.db")));
        var mediator = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MediatR.IMediator>(services);
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return await mediator.Send(new VerifyExport(input, "test export", digest));
    }

    [Fact]
    public async Task An_untouched_export_verifies_against_the_digest_of_its_store()
    {
        var report = await VerifyAsync(_lines, _digest.Token);
        Assert.True(report.Ok, string.Join("\n", report.Findings));
        Assert.True(report.Digest!.Matches);
        Assert.Equal((2, 15L), (report.Streams, report.Events));
    }

    [Theory]
    // Round 63: an envelope that cannot be read (a field given twice) is named altered; the event after it was named removed
    // too ("the event(s) before it were removed") when the unreadable one began its stream, though nothing was removed.
    [InlineData(0)]
    [InlineData(3)]
    public async Task An_unreadable_envelope_is_named_altered_and_the_event_after_it_not_removed(int revision)
    {
        var stream = (string?)JsonNode.Parse(_lines[0])!["stream"];
        var at = _lines.FindIndex(l => (string?)JsonNode.Parse(l)!["stream"] == stream && (int)JsonNode.Parse(l)!["revision"]! == revision);
        var lines = _lines.ToList();
        lines[at] = Regex.Replace(lines[at], "\"recordedBy\":", "\"recordedBy\":\"mallory\",\"recordedBy\":", RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.NotEqual(_lines[at], lines[at]);

        var finding = Assert.Single((await VerifyAsync(lines, _digest.Token)).Findings);

        Assert.Equal((TamperKind.Altered, stream, (ulong)revision), (finding.Kind, finding.Stream, finding.Revision));
        Assert.Contains("its envelope cannot be read: the envelope's recordedBy is given twice", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_whose_last_event_reads_as_recorded_in_the_future_is_named_altered()
    {
        // The import refuses the line ("is in the future"); verify said the file was OK. Its bytes are left as they are but for the two times.
        var moved = _lines.ToList();
        moved[^1] = Regex.Replace(moved[^1], "\"(recordedAt|storedAt)\":\"[^\"]*\"", "\"$1\":\"2099-01-01T00:00:00.0000000Z\"");
        var finding = Assert.Single((await VerifyAsync(moved, null)).Findings);
        Assert.Equal((TamperKind.Altered, 1UL), (finding.Kind, finding.Revision));
        Assert.Contains("recorded at 2099-01-01T00:00:00.0000000+00:00, after the clock of this verification", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_whose_stored_time_runs_backwards_along_its_positions_is_named_altered()
    {
        // As in TamperingTests' store: the first event of a stream that does not start the log, moved to the log's earliest
        // time. Nothing in its own stream runs backwards, only the file's position order; both times, so the line agrees with itself.
        var stream = (string?)JsonNode.Parse(_lines[0])!["stream"];
        var at = _lines.FindIndex(l => (string?)JsonNode.Parse(l)!["stream"] != stream);
        string Time(int line) => (string)JsonNode.Parse(_lines[line])!["storedAt"]!;
        Assert.True(string.CompareOrdinal(Time(0), Time(at - 1)) < 0, "the founding example's times rise along the log");
        var moved = _lines.ToList();
        moved[at] = Regex.Replace(moved[at], "\"(recordedAt|storedAt)\":\"[^\"]*\"", $"\"$1\":\"{Time(0)}\"");

        var finding = Assert.Single((await VerifyAsync(moved, null)).Findings);

        var line = JsonNode.Parse(moved[at])!;
        Assert.Equal((TamperKind.Altered, (string?)line["stream"], 0UL), (finding.Kind, finding.Stream, finding.Revision));
        Assert.Contains($"earlier than position {JsonNode.Parse(_lines[at - 1])!["position"]} before it", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("a stored time was changed", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampering_with_an_export_is_named()
    {
        var altered = _lines.ToList();
        var node = JsonNode.Parse(altered[2])!;
        node["data"]!["authority"] = "Regional Court";
        altered[2] = node.ToJsonString();
        var finding = Assert.Single((await VerifyAsync(altered, null)).Findings);
        Assert.Equal((TamperKind.Altered, 2UL), (finding.Kind, finding.Revision));

        var removed = _lines.Where((_, i) => i != 3).ToList();
        Assert.Equal(TamperKind.Removed, Assert.Single((await VerifyAsync(removed, null)).Findings).Kind);

        var truncated = (await VerifyAsync(_lines.Take(_lines.Count - 1), _digest.Token));
        Assert.Empty(truncated.Findings);
        Assert.False(truncated.Digest!.Matches);
    }

    [Fact]
    public async Task A_file_that_is_not_an_export_is_refused_after_the_first_problems_and_one_endless_line_without_holding_it()
    {
        // Before: every line of a garbage file was named (15,405 for 2 MB of random bytes), and a line was read whole (a 50 MB
        // line held 430 MB). Now as the import reads an export: at most 100 problems, a line of at most 1 MiB.
        var garbage = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => VerifyAsync(Enumerable.Repeat("{\"x\":1}", 50_000), null));
        Assert.Equal(Application.Audit.Import.ImportEventsHandler.MaxErrors + 1, garbage.Errors.Count());
        Assert.Contains("checking stopped", garbage.Errors.Last().ErrorMessage, StringComparison.Ordinal);

        var endless = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => VerifyAsync([.. _lines, new string('a', 3 << 20)], null));
        var only = Assert.Single(endless.Errors);
        Assert.Equal(($"line {_lines.Count + 1}", true), (only.PropertyName, only.ErrorMessage.Contains("is longer than", StringComparison.Ordinal)));

        // Input that never ends (/dev/zero, a FIFO's producer gone wrong): before, verify read on forever after line 1 was too long.
        await using var services = await Hosting.LedgerServices.OpenAsync(Hosting.StoreLocation.Parse(Path.Combine(Path.GetTempPath(), $"unused-{Guid.NewGuid():N}.db")));
        var mediator = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MediatR.IMediator>(services);
        var forever = new EndlessStream();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5)); // a guard against hanging only: a verify that reads on is stopped by the stream (EndlessStream.GivesUpAfter)
        var never = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => mediator.Send(new VerifyExport(forever, "/dev/zero", null), stop.Token));
        Assert.Contains("is longer than", Assert.Single(never.Errors).ErrorMessage, StringComparison.Ordinal);
        Assert.InRange(forever.BytesRead, 1 << 20, 2 << 20);
    }
}
