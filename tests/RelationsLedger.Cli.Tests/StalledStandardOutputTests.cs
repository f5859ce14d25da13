using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A command that prints much (a panel, a long history or audit, an answer across every relationship) whose standard output is
/// a pipe nobody reads — a consumer that stalled, not one that went away — and then SIGTERM (a service manager, <c>timeout</c>)
/// or Ctrl+C: the command ends, exit 130, saying that what it wrote there is incomplete. Found in round 46:
/// <c>ledger panel … | stalled</c> went on waiting in write(2), which no signal ends, and said nothing (round 45 mended the same
/// for <c>ledger export</c> alone). Real processes; standard output is the test's pipe, never read.
/// </summary>
public sealed class StalledStandardOutputTests(StalledStandardOutputTests.Ledger ledger) : IClassFixture<StalledStandardOutputTests.Ledger>
{
    private static readonly TimeSpan Bound = LedgerCli.HangGuard; // a guard against hanging only (60 s until round 52)

    /// <summary>Each prints far more than a pipe holds (64 KiB) on the fixture's ledger (asserted by <see cref="Each_prints_more_than_a_pipe_holds"/>).</summary>
    public static TheoryData<string, string[]> Printers()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var signal in (string[])["TERM", "INT"])
        {
            data.Add(signal, ["panel", "--from", "2020-01-01", "--to", "2024-12-31", "--every", "month"]);
            data.Add(signal, ["panel", "--from", "2020-01-01", "--to", "2024-12-31", "--every", "month", "--format", "ndjson", "-o", "-"]);
        }
        foreach (var printer in (string[][])[["history", "FR", "DE"], ["history", "FR", "DE", "--json"], ["audit", "FR", "DE"],
            ["changed", "--from", "1700-01-01", "--to", "2025-12-31"], ["changed", "--from", "1700-01-01", "--to", "2025-12-31", "--json"]])
            data.Add("TERM", printer);
        return data;
    }

    [Theory]
    [MemberData(nameof(Printers))]
    public async Task A_signal_while_standard_output_s_reader_reads_nothing_ends_the_command_saying_it_is_incomplete(string signal, string[] printer)
    {
        using var process = LedgerCli.Start(ledger.Folder.Path, new Dictionary<string, string?>(), ["--store", ledger.Store, .. printer]);
        var error = process.StandardError.ReadToEndAsync(); // standard output: a pipe this test never reads
        await ProcessSignals.UntilAThreadWaitsAsync(process, "pipe_write", "in write(2) with standard output's pipe full", error, Bound);

        await ProcessSignals.SignalledAndEndedAsync(process, signal, error);
        Assert.Equal(130, process.ExitCode);
        var said = printer.Contains("--json") ? JsonDocument.Parse(await error).RootElement.GetProperty("message").GetString()! : (await error).Trim();
        Assert.StartsWith("Cancelled: what was written to standard output is incomplete.", said, StringComparison.Ordinal);
    }

    /// <summary>The panel's rows, cut at a row's end, read as a shorter panel: its message says so, and what to do instead.</summary>
    [Fact]
    public async Task A_panel_stopped_says_it_reads_as_a_panel_of_fewer_rows()
    {
        using var process = LedgerCli.Start(ledger.Folder.Path, new Dictionary<string, string?>(),
            ["--store", ledger.Store, "panel", "--from", "2020-01-01", "--to", "2024-12-31", "--every", "month"]);
        var error = process.StandardError.ReadToEndAsync();
        await ProcessSignals.UntilAThreadWaitsAsync(process, "pipe_write", "in write(2) with standard output's pipe full", error, Bound);

        await ProcessSignals.SignalledAndEndedAsync(process, "TERM", error);
        Assert.Equal("Cancelled: what was written to standard output is incomplete. It ends with a whole row, so it reads as a panel of fewer rows; " +
            "write it with -o FILE, which takes FILE's place only whole.", (await error).Trim());
    }

    /// <summary>What the test above stands on: read to its end, each printer's output is more than a pipe holds, and it ends well.</summary>
    [Fact]
    public async Task Each_prints_more_than_a_pipe_holds()
    {
        foreach (var printer in Printers().Select(row => (string[])row[1]).DistinctBy(p => string.Join(' ', p)))
        {
            var run = await LedgerCli.RunProcessAsync(ledger.Folder.Path, ["--store", ledger.Store, .. printer]);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', printer)}: {run.Error}");
            Assert.True(run.Out.Length > 65536, $"{string.Join(' ', printer)} printed {run.Out.Length} characters");
        }
    }

    /// <summary>The US missions (a 3 MB monthly panel, changes of every relationship) and 600 engagements of FR and DE (a long history).</summary>
    public sealed class Ledger : IAsyncLifetime
    {
        public TempFolder Folder { get; } = new();
        public string Store => Folder.File("ledger.db");

        public async Task InitializeAsync()
        {
            var missions = await LedgerCli.RunAsync("--store", Store, "import-us-missions", "--file", Path.Combine(SharedData.Folder("us-missions"), "transitions.csv"));
            Assert.True(missions.ExitCode == 0, $"exit {missions.ExitCode}: {missions.Out}{missions.Error}");
            var engagements = await LedgerCli.RunAsync("--store", Store, "record-batch", await EngagementBatch.WriteAsync(Folder, 600));
            Assert.True(engagements.ExitCode == 0, engagements.Error);
            var state = await LedgerCli.RunAsync("--store", Store, "state", "US", "FR", "--as-of", "2024-01-01");
            Assert.True(state.ExitCode == 0, state.Error); // the read model made: each command reads it at once
        }

        public Task DisposeAsync()
        {
            Folder.Dispose();
            return Task.CompletedTask;
        }
    }
}
