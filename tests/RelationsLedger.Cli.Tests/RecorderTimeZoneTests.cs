using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A hostile round on the user's machine (round 65): the ledger run as real processes in time zones far east of Greenwich,
/// with their clocks set by libfaketime to a morning there (<c>FAKETIME=@…</c>, read in the process's <c>TZ</c>). A date is a
/// calendar day: the day a recorder lives in is not in the future, though the UTC day is still the one before. Until round
/// 65 it was refused until the UTC day began — in Kiritimati (UTC+14) until 14:00, in New Zealand's summer (UTC+13) until
/// 13:00: "'--on' 2027-03-28 is in the future", the day the user was living. A day not begun anywhere is still refused.
/// Skipped where libfaketime is not installed (<c>.ci/run</c> installs Debian's <c>faketime</c>).
/// </summary>
public sealed class RecorderTimeZoneTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    /// <summary><c>ledger</c> as a process in <paramref name="zone"/> whose clock reads <paramref name="localMoment"/> there.</summary>
    private Task<CliResult> LedgerAt(string zone, string localMoment, params string[] args) => LedgerCli.RunProcessAsync(_folder.Path,
        new Dictionary<string, string?> { ["TZ"] = zone, ["LD_PRELOAD"] = ClockBehindTests.LibFakeTime, ["FAKETIME"] = "@" + localMoment, ["DONT_FAKE_MONOTONIC"] = "1" },
        ["--store", Store, .. args]);

    private static string[] Designation(string on) => ["record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
        "--list", "L", "--authority", "A", "--on", on, "--source", $"publisher=Reuters;title=Court ruling;published={on}"];

    [SkippableTheory]
    [InlineData("Pacific/Kiritimati", "2027-03-28 08:00:00", "2027-03-28", "2027-03-27T18:00")] // UTC+14: the UTC day is the 27th
    [InlineData("Pacific/Auckland", "2027-01-15 09:30:00", "2027-01-15", "2027-01-14T20:30")]  // UTC+13 in summer
    [InlineData("Asia/Kathmandu", "2027-03-28 05:30:00", "2027-03-28", "2027-03-27T23:45")]    // UTC+5:45
    public async Task The_day_a_recorder_lives_in_is_recorded_and_the_next_is_in_the_future(string zone, string localMoment, string today, string utc)
    {
        ClockBehindTests.SkipWithoutFakeTime();

        var recorded = await LedgerAt(zone, localMoment, Designation(today));

        Assert.True(recorded.ExitCode == 0, $"exit code {recorded.ExitCode}: {recorded.Error}");
        var history = JsonDocument.Parse((await LedgerCli.RunAsync("--store", Store, "history", "RU", "taliban", "--json")).Out).RootElement;
        var entry = Assert.Single(history.EnumerateArray());
        Assert.StartsWith(utc, entry.GetProperty("recordedAt").GetString(), StringComparison.Ordinal); // the faked clock took
        Assert.Equal(today, entry.GetProperty("effectiveDate").GetString());

        var tomorrow = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var refused = await LedgerAt(zone, localMoment, Designation(tomorrow));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"--on: '--on' {tomorrow} is in the future.", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"'published' {tomorrow} is in the future.", refused.Error, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse((await LedgerCli.RunAsync("--store", Store, "history", "RU", "taliban", "--json")).Out).RootElement.EnumerateArray());
    }
}
