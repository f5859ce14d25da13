using System.Text.Json;
using System.Text.RegularExpressions;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The moments the tables show are the moments the ledger holds, in the form <c>--known-at</c> reads: an auditor who
/// copies "recorded at" from <c>history</c> or <c>audit</c> and asks "as known at" that moment gets an answer that knows
/// the event. Before, <c>history</c> cut the time to milliseconds with a space (<c>2026-12-01 22:16:10.577</c>: refused by
/// <c>--known-at</c>, and with a T an instant before the event was recorded, so the answer did not know it), <c>audit</c>
/// to seconds, and a state's title said "as known at 22:16:10Z" of a question asked at 22:16:10.5777989Z.
/// </summary>
public sealed partial class RecordedMomentsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private async Task<CliResult> Ok(params string[] args)
    {
        var run = await Ledger(args);
        Assert.True(run.ExitCode == 0, run.Error);
        return run;
    }

    private Task<CliResult> Record(string command, string on) => Ok("record", command, "--actor", "RU", "--counterpart", "taliban",
        "--list", "L", "--authority", "A", "--on", on, "--source", "publisher=Reuters;title=Court ruling");

    [Theory]
    [InlineData("history")]
    [InlineData("audit")]
    public async Task A_moment_copied_from_a_table_asks_about_the_ledger_as_it_stood_then(string table)
    {
        await Record("impose-designation", "2003-02-14");
        await Record("remove-designation", "2025-04-17");
        var recorded = JsonDocument.Parse((await Ok("history", "RU", "taliban", "--json")).Out).RootElement
            .EnumerateArray().Select(e => e.GetProperty("recordedAt").GetDateTimeOffset()).ToList();

        var shown = Moment().Matches((await Ok(table, "RU", "taliban")).Out).Select(m => m.Value).ToList();

        Assert.Equal(2, shown.Count);
        var asKnown = await Ok("state", "RU", "taliban", "--as-of", "2025-12-31", "--known-at", shown[1], "--json");
        var designation = JsonDocument.Parse(asKnown.Out).RootElement.GetProperty("designations")[0];
        Assert.Equal("ended", designation.GetProperty("status").GetString());
        Assert.Equal(recorded[1], DateTimeOffset.Parse(shown[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_title_names_the_moment_asked_about_to_the_tick()
    {
        await Record("impose-designation", "2003-02-14");
        const string knownAt = "2025-01-02T03:04:05.6789012Z";

        // A long title wraps on the test's narrow console: compared without its spaces and line breaks.
        foreach (var question in new[] { new[] { "state", "RU", "taliban", "--as-of", "2025-12-31" }, ["designations-by", "RU", "--as-of", "2025-12-31"],
                     ["changed", "--from", "2003-01-01", "--to", "2003-12-31"], ["audit", "RU", "taliban"] })
            Assert.Contains($"asknownat{knownAt}", Regex.Replace((await Ok([.. question, "--known-at", knownAt])).Out, @"\s", ""), StringComparison.Ordinal);
    }

    /// <summary>A moment as a table shows it: a day and a time, with or without a fraction, a T or a space, and a Z.</summary>
    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?")]
    private static partial Regex Moment();

    public void Dispose() => _folder.Dispose();
}
