using RelationsLedger.Cli.Output;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A table of plain rows has its rows written by <see cref="PlainTable"/>, the rest drawn by Spectre.Console (round 66): the same
/// bytes as Spectre.Console's drawing of the table, which is the oracle here — random tables of 1–7 columns (some never wrapped),
/// random titles and random cells (words, runs of spaces, line breaks, empty lines, very long words; and, in some tables, cells that
/// are not plain — Cyrillic, CJK, emoji, combining marks, markup, empty — which leave the table to Spectre.Console), at random widths
/// 1–200, written to a plain console and to one of colours (the title's style).
/// </summary>
public sealed class PlainTableTests
{
    [Fact]
    public void A_table_of_plain_rows_is_drawn_as_Spectre_draws_it()
    {
        var random = new Random(66);
        var drawnHere = 0;
        for (var sample = 0; sample < 400; sample++)
        {
            var columns = random.Next(1, 8);
            var noWrap = Enumerable.Range(0, columns).Select(_ => random.Next(3) == 0).ToArray();
            var plain = random.Next(5) > 0;
            var title = random.Next(3) == 0 ? null : RandomTables.CellText(random);
            var rows = Enumerable.Range(0, random.Next(1, 40))
                .Select(_ => Enumerable.Range(0, columns).Select(_ => plain || random.Next(4) > 0 ? MarkupCellTests.RandomPlain(random) : RandomTables.CellText(random)).ToArray())
                .ToList();
            foreach (var width in Enumerable.Range(0, 6).Select(_ => random.Next(1, 201)))
                foreach (var colours in new[] { false, true })
                {
                    var console = Console(width, colours, out var output);
                    var options = RenderOptions.Create(console, console.Profile.Capabilities);
                    if (PlainTable.Render(Table(title, noWrap, rows, text => new MarkupCell(Markup.Escape(text))), options, width) is not { } own) continue;
                    drawnHere++;
                    console.Write(new Drawn(own));
                    var oracle = Console(width, colours, out var expected);
                    oracle.Write(Table(title, noWrap, rows, text => new Text(text)));
                    Assert.Equal(expected.ToString(), output.ToString());
                }
        }
        Assert.True(drawnHere > 1_000, $"only {drawnHere} drawings had their rows written by PlainTable");
    }

    /// <summary>
    /// The CLI's own tables (<see cref="RandomTables"/>) through <see cref="TableOrFields"/> — plain rows written by PlainTable, a field
    /// list where the table would leave a field out — at every width 1–200, against TableOrFields as it was before round 66 (the test's
    /// oracle, <see cref="MarkupCellTests.InPieces"/>): the same bytes.
    /// </summary>
    [Fact]
    public void The_CLI_s_tables_of_plain_rows_are_drawn_as_before_at_every_width()
    {
        var drawnHere = 0;
        foreach (var (name, heading, wholeValues) in RandomTables.Tables())
            for (var seed = 0; seed < 3; seed++)
            {
                var random = new Random(seed * 66 + name.Length);
                var columns = heading().Columns.Count;
                var rows = Enumerable.Range(0, random.Next(20, 50))
                    .Select(_ => Enumerable.Range(0, columns).Select(_ => random.Next(3) == 0 ? RandomTables.ValueText(random) : MarkupCellTests.RandomPlain(random)).Select(t => t.Length == 0 ? "-" : t).ToArray())
                    .ToList();
                // Each width is drawn on consoles of its own, so the widths are drawn on every core: this test was the suite's
                // longest (~2 of CI's 8 minutes in round 66, on one core while the other waited on processes).
                Parallel.For(1, 201, width =>
                {
                    var console = Console(width, colours: false, out var output);
                    if (PlainTable.Render(WithRows(heading(), rows), RenderOptions.Create(console, console.Profile.Capabilities), width) is not null)
                        Interlocked.Increment(ref drawnHere);
                    console.Write(new TableOrFields(WithRows(heading(), rows), wholeValues));
                    var oracle = Console(width, colours: false, out var expected);
                    oracle.Write(new MarkupCellTests.InPieces(WithRows(heading(), rows), wholeValues));
                    Assert.Equal(expected.ToString(), output.ToString());
                });
            }
        Assert.True(drawnHere > 200, $"only {drawnHere} of 4,200 drawings had their rows written by PlainTable");

        static Table WithRows(Table table, List<string[]> rows)
        {
            foreach (var row in rows) Cells.AddRow(table, [.. row.Select(Cells.Text)]);
            return table;
        }
    }

    private static Table Table(string? title, bool[] noWrap, List<string[]> rows, Func<string, IRenderable> cell)
    {
        var table = new Table();
        if (title is not null) table.Title(Markup.Escape(title));
        for (var column = 0; column < noWrap.Length; column++) table.AddColumn(new TableColumn($"Column {column}") { NoWrap = noWrap[column] });
        foreach (var row in rows) table.AddRow(row.Select(cell));
        return table;
    }

    private static IAnsiConsole Console(int width, bool colours, out StringWriter output)
    {
        output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colours ? AnsiSupport.Yes : AnsiSupport.No, ColorSystem = colours ? ColorSystemSupport.TrueColor : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return console;
    }

    private sealed class Drawn(List<Segment> segments) : Renderable
    {
        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => segments;
    }
}
