using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A hostile round on time (round 39): the ledger run as real processes whose clock is behind the log's, with libfaketime
/// (<c>LD_PRELOAD</c>, <c>FAKETIME=-1h</c>: the process's clock is an hour behind this machine's, as after NTP stepped it back,
/// a VM resumed or <c>date -s</c>). Skipped where libfaketime is not installed (<c>.ci/run</c> installs Debian's
/// <c>faketime</c>). Each test first sees the faked clock in what the process says, so a preload that did not take cannot
/// pass for a ledger that behaves. What runs on this machine's clock — the events recorded first, the history read back, a
/// verify or an export there — runs in-process (round 50: as processes they were about half of the class's process starts,
/// and a process on the machine's clock proves nothing an in-process run does not).
/// </summary>
public sealed partial class ClockBehindTests : IDisposable
{
    internal const string LibFakeTime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    /// <summary>
    /// The ledger as a process whose clock is <paramref name="offset"/> from this machine's (libfaketime's form: -5m, -1h,
    /// -1d); null for this machine's clock, in-process. The monotonic clock is left alone: it only measures waits.
    /// </summary>
    private Task<CliResult> LedgerAt(string? offset, params string[] args) =>
        offset is null ? LedgerCli.RunAsync(["--store", Store, .. args]) : FakedProcess(offset, ["--store", Store, .. args]);

    /// <summary><c>ledger</c> as a process whose clock is <paramref name="offset"/> from this machine's.</summary>
    private Task<CliResult> FakedProcess(string offset, params string[] args) => LedgerCli.RunProcessAsync(_folder.Path,
        new Dictionary<string, string?> { ["LD_PRELOAD"] = LibFakeTime, ["FAKETIME"] = offset, ["DONT_FAKE_MONOTONIC"] = "1" }, args);

    internal static void SkipWithoutFakeTime() =>
        Skip.IfNot(File.Exists(LibFakeTime), $"libfaketime is not installed ({LibFakeTime}): apt-get install -y faketime");

    private static CliResult Ok(CliResult run)
    {
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Error}");
        return run;
    }

    private static string[] Designation(string command, string on) => ["record", command, "--actor", "RU", "--counterpart", "taliban",
        "--list", "L", "--authority", "A", "--on", on, "--source", "publisher=Reuters;title=Court ruling"];

    private async Task<List<DateTimeOffset>> RecordedTimesAsync(string store) =>
        [.. JsonDocument.Parse(Ok(await LedgerCli.RunAsync("--store", store, "history", "RU", "taliban", "--json")).Out)
            .RootElement.EnumerateArray().Select(e => e.GetProperty("recordedAt").GetDateTimeOffset())];

    [SkippableTheory]
    [InlineData("-1h", 1.0)]
    [InlineData("-1d", 24.0)]
    [InlineData("-365d", 24.0 * 365)]
    public async Task Recording_from_a_clock_behind_the_log_is_refused_naming_both_moments_and_nothing_is_recorded(string offset, double hoursBehind)
    {
        SkipWithoutFakeTime();
        Ok(await LedgerAt(null, Designation("impose-designation", "2003-02-14")));

        var refused = await LedgerAt(offset, Designation("remove-designation", "2025-04-17"));

        Assert.Equal(4, refused.ExitCode);
        var clock = DateTimeOffset.Parse(ClockOfThisMachine().Match(refused.Error).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - TimeSpan.FromHours(hoursBehind) - clock, TimeSpan.FromMinutes(-2), TimeSpan.FromMinutes(2)); // the clock was faked
        Assert.Contains(": the last event of the ledger (position 1) is recorded at ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded. Either the clock of this machine is behind (set it right, then record again) or that recorded time " +
            "was changed in the store file (ledger verify names it).", refused.Error, StringComparison.Ordinal);
        Assert.Single(await RecordedTimesAsync(Store));
    }

    [SkippableFact]
    public async Task A_clock_a_few_minutes_behind_is_absorbed_and_recorded_at_never_runs_backwards_along_the_log()
    {
        SkipWithoutFakeTime();
        Ok(await LedgerAt(null, Designation("impose-designation", "2003-02-14")));

        Ok(await LedgerAt("-5m", Designation("remove-designation", "2025-04-17")));

        var times = await RecordedTimesAsync(Store);
        Assert.Equal(2, times.Count);
        Assert.Equal(times[0], times[1]); // stamped with the last event's time, not the clock's 5 minutes before it
        Assert.Contains("OK", Ok(await LedgerAt(null, "verify")).Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Fails before round 39: the machine whose clock went back an hour refused a recorded-at copied from <c>history</c>
    /// (exit code 2, "'--known-at' … is still to come: it is later than now (… by this machine's clock) by more than 10
    /// minutes"), though the ledger had recorded at that moment.
    /// </summary>
    [SkippableFact]
    public async Task A_moment_the_ledger_recorded_at_is_asked_about_on_a_machine_whose_clock_went_back_behind_it()
    {
        SkipWithoutFakeTime();
        Ok(await LedgerAt(null, Designation("impose-designation", "2003-02-14")));
        Ok(await LedgerAt(null, Designation("remove-designation", "2025-04-17")));
        var removed = Moments.Text((await RecordedTimesAsync(Store))[1]);

        var state = Ok(await LedgerAt("-1h", "state", "RU", "taliban", "--as-of", "2025-12-31", "--known-at", removed, "--json"));
        Assert.Equal("ended", JsonDocument.Parse(state.Out).RootElement.GetProperty("designations")[0].GetProperty("status").GetString());
        Ok(await LedgerAt("-1h", "audit", "RU", "taliban", "--known-at", removed));
        Ok(await LedgerAt("-1h", "changed", "--from", "2025-01-01", "--to", "2025-12-31", "--known-at", removed));

        // Later than the log's last event by more than the margin is still to come, and the refusal names both times.
        var toCome = Moments.Text((await RecordedTimesAsync(Store))[1] + TimeSpan.FromMinutes(11));
        var refused = await LedgerAt("-1h", "state", "RU", "taliban", "--known-at", toCome);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"'--known-at' {toCome} is still to come: it is later than now ({removed}, when the ledger recorded its last event; " +
            "this machine's clock is behind it, at ", refused.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Fails before round 39: verify on a machine whose clock was an hour behind named every event of the last hour
    /// altered, blaming the store's clock or an edit, never its own clock.
    /// </summary>
    [SkippableFact]
    public async Task Verify_on_a_machine_whose_clock_is_behind_the_log_names_its_own_clock()
    {
        SkipWithoutFakeTime();
        Ok(await LedgerAt(null, Designation("impose-designation", "2003-02-14")));

        var verified = await LedgerAt("-1h", "verify");

        Assert.Equal(5, verified.ExitCode);
        Assert.Contains("after the clock of this verification", verified.Out + verified.Error, StringComparison.Ordinal);
        Assert.Contains("or the clock of this machine is behind (compare it with a reliable clock before trusting this finding)", verified.Out + verified.Error,
            StringComparison.Ordinal);
    }

    /// <summary>
    /// Fails before round 39: an export imported at once on a machine whose clock is 3 minutes behind the exporting one
    /// was refused ("line 1: recordedAt: … is in the future", exit code 2), though <c>verify --file</c> of that file on
    /// that machine said OK: the import gave clocks no margin. An hour behind, it is refused, saying what to do.
    /// </summary>
    [SkippableFact]
    public async Task An_export_from_a_clock_a_few_minutes_ahead_is_imported_and_from_an_hour_ahead_refused_saying_why()
    {
        SkipWithoutFakeTime();
        Ok(await LedgerAt(null, Designation("impose-designation", "2003-02-14")));
        var export = _folder.File("export.ndjson");
        Ok(await LedgerAt(null, "export", "--output", export));
        var copy = _folder.File("copy.db");

        var refused = await FakedProcess("-1h", "--store", copy, "import", export);
        Assert.Equal(2, refused.ExitCode);
        // The same words as a recording refused (ClockBehindLog), for a line: which, how far behind, what to do.
        Assert.Matches(@"line 1: recordedAt: its event is recorded at \S+Z, and the clock of this machine is (59 minutes|1 hour) behind it \(\S+Z\): " +
            "more than the 10 minutes the clocks of one ledger are taken to disagree. Either the clock of this machine is behind " +
            @"\(set it right, then import again\) or that recorded time was changed in the file \(ledger verify --file names it\)\.", refused.Error);
        var nothing = await LedgerCli.RunAsync("--store", copy, "history", "RU", "taliban", "--json");
        Assert.DoesNotContain("eventId", nothing.Out + nothing.Error, StringComparison.Ordinal); // nothing recorded (or no ledger at all)

        Ok(await FakedProcess("-3m", "--store", copy, "import", export));
        Assert.Single(await RecordedTimesAsync(copy));
    }

    /// <summary>The clock a refusal quotes: "the clock of this machine is 1 hour behind it (2026-…Z)".</summary>
    [GeneratedRegex(@"the clock of this machine is [^(]+ behind it \(([^)]+)\)")]
    private static partial Regex ClockOfThisMachine();

    public void Dispose() => _folder.Dispose();
}
