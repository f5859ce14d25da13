using RelationsLedger.Cli.Output;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A table drawn with <see cref="PlainCell"/>s is the table Spectre.Console draws with <see cref="Text"/> cells, character for
/// character: the same column widths (each cell's measure), the same wrapped lines (a word that does not fit, a run of spaces
/// that does not fit, a word wider than its column cut into pieces, the text's own line breaks, empty lines and cells).
/// </summary>
public sealed class PlainCellTests
{
    private static string Draw(Func<string, IRenderable> cell, IReadOnlyList<string[]> rows, int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        var table = new Table().AddColumns(new TableColumn(cell("Aspect")).NoWrap(), new TableColumn(cell("Item")), new TableColumn(cell("Status")),
            new TableColumn(cell("Since / on")).NoWrap());
        foreach (var row in rows) table.AddRow(row.Select(cell));
        console.Write(table);
        return output.ToString();
    }

    private static void AssertSameAsText(IReadOnlyList<string[]> rows, int width) =>
        Assert.Equal(Draw(t => new Text(t), rows, width), Draw(t => new PlainCell(t), rows, width));

    [Theory]
    [InlineData(200)]
    [InlineData(80)]
    [InlineData(50)]
    [InlineData(36)]
    public void Cells_the_ledger_shows_are_drawn_as_Text_draws_them(int width) => AssertSameAsText(
    [
        ["Designation", "AM lists GM on 'Consolidated list of financial sanctions targets' (Security Council resolution)", "ended: DesignationRemoved (Supreme Court)", "2012-04-24 → 2019-11-10"],
        ["Ambassador", "GM's ambassador in AM: Hiro Nasser 40", "in force", "2022-07"],
        ["", "  two  spaces  inside   and around  ", "line one\nline two\n\nafter an empty line", ""],
        ["A[b]c", "x [[y]] [red]not markup[/] ] [", "averyveryveryverylongwordthatisneverbrokenbyspaces and more", "2020"],
        ["Ümlaut 日本語", "not ASCII: left to Text 👍🏽", "é", "—"],
    ], width);

    [Fact]
    public void Random_words_spaces_and_line_breaks_at_random_widths_are_drawn_as_Text_draws_them()
    {
        string[] pieces = ["a", "bb", "word", " ", "  ", "     ", "\n", "longlonglonglonglonglongword", "[x]", "-", "é"];
        var random = new Random(58);
        for (var table = 0; table < 300; table++)
        {
            var rows = new List<string[]>();
            for (var r = 0; r < 3; r++)
                rows.Add([.. Enumerable.Range(0, 4).Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)])))]);
            AssertSameAsText(rows, random.Next(30, 90));
        }
    }
}
