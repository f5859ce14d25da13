namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Every field of every row of a table is drawn, whole, at any width. Before round 60, Spectre.Console's layout gave a
/// column no cells at some widths (its heading and every cell of it not drawn, silently: <c>ledger state</c>'s Status at
/// COLUMNS=59), cut dates and ids in two (<c>2003-02-1</c> over <c>4</c>), drew the whole table as <c>…</c>, or cut a
/// column's heading to <c>…</c> (docs/performance.md, round 60). The fields are those of the same table drawn 200 columns wide (piped output), read
/// from its drawing; the narrow drawing, a table or its rows a field a line, must hold each of them (<see cref="DrawnFields"/>).
/// Each command runs as the user runs it — a process with COLUMNS set, or on a terminal that narrow — and is given up past
/// 90 s (<see cref="TablesThatEndTests"/>).
/// </summary>
public sealed class TablesShowEveryFieldTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    /// <summary>
    /// Widths at which main left out or cut a field of the table on this ledger (every width 1–200 drawn, round 60), and the
    /// table's columns of dates and ids. At 40 or more as COLUMNS sets it; below 40 as a terminal that narrow gives it.
    /// </summary>
    public static TheoryData<string, int, int[]> LeftOutBefore => new()
    {
        { "state CN JP --as-of 2024-01-01", 59, [0, 3, 4] },           // Status of no width; 'Since / on' cut mid-date
        { "state CN JP --as-of 2024-01-01", 61, [0, 3, 4] },           // dates cut, no column of no width
        { "state CN JP --as-of 2024-01-01", 30, [0, 3, 4] },           // a column of no width
        { "state CN JP --as-of 2024-01-01", 12, [0, 3, 4] },           // the table drawn as '…' alone
        { "history CN JP", 100, [0, 1, 2, 4] },                        // a column of no width
        { "history CN JP", 60, [0, 1, 2, 4] },                         // '…' alone
        { "audit CN JP", 44, [0, 1, 2] },                              // a column of no width
        { "designations-by CN --as-of 2010-01-01", 60, [0, 1, 4, 5] }, // the date and the event cut in two
        { "designations-of JP --as-of 2024-01-01", 22, [0, 1, 4, 5] }, // a column of no width
        { "missions-of CN --as-of 2024-01-01", 50, [0, 1, 4, 5] },     // the date cut
        { "changed --from 1970-01-01 --to 2030-01-01", 60, [0, 1, 4] }, // dates cut
        { "projections status", 95, [0, 1, 2, 3, 4, 5] },              // a column of no width
        // Every cell whole, but a heading cut ('Stat…', 'List (authorit…'; round 60, after the re-read).
        { "state CN JP --as-of 2024-01-01", 80, [0, 3, 4] },
        { "designations-by CN --as-of 2010-01-01", 70, [0, 1, 4, 5] },
        // The recorded moment folded ('2026-12-07T02:02:07.699401' over '1Z'; round 61): the audit's dates and moments held whole.
        { "audit CN JP", 120, [0, 1, 2] },
        { "audit CN JP", 100, [0, 1, 2] },
    };

    [Theory]
    [MemberData(nameof(LeftOutBefore))]
    public async Task Every_field_of_every_row_is_drawn_whole(string command, int width, int[] datesAndIds)
    {
        await TablesThatEndTests.RecordWideCharactersAsync(Store);
        string[] args = ["--store", Store, .. command.Split(' ')];
        var wide = await LedgerCli.RunAsync(args);
        Assert.True(wide.ExitCode == 0, wide.Error);
        var (labels, rows) = DrawnFields.Table(wide.Out);

        var run = width >= 40 ? await TablesThatEndTests.RunWithColumnsAsync(_folder.Path, width, args) : await TablesThatEndTests.RunOnTerminalAsync(width, args);

        Assert.True(run.ExitCode == 0, run.Error);
        var faults = DrawnFields.Of(run.Out, labels, datesAndIds.ToHashSet(), rows, width);
        Assert.False(faults.Any, $"ledger {command} at width {width}: {faults}\n{run.Out}");
    }

    /// <summary>Where the table shows every field, it is drawn as before: the same rows at 200 columns are the table, not fields.</summary>
    [Fact]
    public async Task A_wide_enough_terminal_gets_the_table()
    {
        await TablesThatEndTests.RecordWideCharactersAsync(Store);
        var run = await TablesThatEndTests.RunWithColumnsAsync(_folder.Path, 120, ["--store", Store, "state", "CN", "JP", "--as-of", "2024-01-01"]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("┌", run.Out.Split('\n')[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Aspect: ", run.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
