namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A panel whose range reaches the first or the last day the calendar has (0001-01-01, 9999-12-31) is answered like any
/// other: its dates are the periods' last days, and the period before the first starts at 0001-01-01. Before, every such
/// panel was exit code 1, "unexpected error: ArgumentOutOfRangeException … This is a bug": the plan stepped to the date
/// after 9999-12-31, or back to the one before 0001-01-01, and "9999-12" had no last day.
/// </summary>
public sealed class PanelCalendarEdgesTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    [Theory]
    [InlineData("0001", "0001", "year", "0001-12-31")]
    [InlineData("0001-01", "0001-03", "month", "0001-01-31 0001-02-28 0001-03-31")]
    [InlineData("0001-01", "0001-06", "quarter", "0001-03-31 0001-06-30")]
    [InlineData("0001-01-01", "0001-01-02", "day", "0001-01-01 0001-01-02")]
    [InlineData("9999", "9999", "year", "9999-12-31")]
    [InlineData("9999-11", "9999-12", "month", "9999-11-30 9999-12-31")]
    [InlineData("9999", "9999", "quarter", "9999-03-31 9999-06-30 9999-09-30 9999-12-31")]
    [InlineData("9999-12-30", "9999-12-31", "day", "9999-12-30 9999-12-31")]
    public async Task A_panel_at_either_end_of_the_calendar_has_its_dates(string from, string to, string every, string dates)
    {
        var recorded = await Ledger("record", "impose-designation", "--actor", "RU", "--counterpart", "taliban", "--list", "L",
            "--authority", "A", "--on", "2003-02-14", "--source", "publisher=Reuters;title=Court ruling");
        Assert.True(recorded.ExitCode == 0, recorded.Error);

        var panel = await Ledger("panel", "--from", from, "--to", to, "--every", every, "-o", "-");

        Assert.True(panel.ExitCode == 0, panel.Error);
        var rows = panel.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Equal(dates.Split(' '), rows.Select(r => r[3]));
        Assert.All(rows, r => Assert.Equal("RU~taliban", r[0]));
        // The designation of 2003 holds on every day from then on, and on none before.
        Assert.All(rows, r => Assert.Equal(from.StartsWith("9999", StringComparison.Ordinal) ? "1" : "0", r[Array.IndexOf(Header(panel.Out), "designations_by_a")]));
    }

    private static string[] Header(string csv) => csv[..csv.IndexOf('\n')].Split(',');

    public void Dispose() => _folder.Dispose();
}
