using RelationsLedger.Cli.Output;
using Spectre.Console;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A long table drawn a page at a time is, character for character, the table Spectre.Console draws at once: the same
/// column widths on every page (also when the columns must be narrowed and cells wrap), the heading once, one bottom border.
/// Where that table would not show every field whole, both are its rows a field a line (<see cref="TableOrFields"/>).
/// </summary>
public sealed class PagedTableTests
{
    private static readonly string[] Words = ["RU", "taliban", "AmbassadorAccredited", "2003-02-14", "inside the window", "Supreme Court of the Russian Federation",
        "a", "Федеральный список", "联合国", "possibly (partial date straddles an edge)", "[brackets]", "line one\nline two", "😀 emoji", ""];

    private static string Cell(Random random, int words) =>
        Markup.Escape(string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])));

    private static Table Heading(int columns, bool title) =>
        (title ? new Table().Title("Relationships that changed [[test]]") : new Table())
            .AddColumns([.. Enumerable.Range(0, columns).Select(i => i % 3 == 0 ? Cells.Short($"Col {i}") : new TableColumn($"Column {i}"))]);

    private static (IAnsiConsole Console, StringWriter Output) Console(int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return (console, output);
    }

    [Theory]
    [InlineData(1, 200, 5, 7, 4, true)]
    [InlineData(2, 200, 1, 50, 3, true)]     // a page of one row
    [InlineData(3, 70, 3, 40, 4, false)]     // narrower than the cells: columns shrink, cells wrap, on every page alike
    [InlineData(4, 50, 7, 23, 3, true)]      // a title wider than some pages' rows
    [InlineData(5, 120, 10, 10, 4, true)]    // exactly one page: drawn as one table
    [InlineData(6, 120, 10, 11, 4, true)]    // one row over
    [InlineData(7, 80, 4, 200, 2, false)]
    public void A_table_drawn_page_by_page_is_the_table_drawn_at_once(int seed, int width, int pageRows, int rows, int columns, bool title)
    {
        var random = new Random(seed);
        var data = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, columns).Select(_ => Cell(random, random.Next(0, 4))).ToArray()).ToList();
        var (whole, wholeOutput) = Console(width);
        var table = Heading(columns, title);
        foreach (var row in data) Cells.AddRow(table, row);
        whole.Write(new TableOrFields(table));
        var (paged, pagedOutput) = Console(width);
        var enumerations = 0;

        PagedTable.Write(paged, () => Heading(columns, title), Counted(), pageRows);

        Assert.Equal(wholeOutput.ToString(), pagedOutput.ToString());
        Assert.Equal(rows <= pageRows ? 1 : 2, enumerations); // a long table is read twice, never held
        IEnumerable<string[]> Counted()
        {
            enumerations++;
            foreach (var row in data) yield return row;
        }
    }

    [Fact]
    public void A_column_is_as_narrow_as_its_longest_word_allows_though_the_word_and_the_longest_line_are_on_other_pages()
    {
        // Narrowed to fit, a column is no narrower than its longest word: that word and the longest line are on different pages.
        var filler = Enumerable.Range(0, 8).Select(i => new[] { $"r{i}", "short words here" }).ToList();
        string[][] data = [["first", "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p"], .. filler,
            ["last", "incomprehensibilities-notwithstanding-everything"]];
        var (whole, wholeOutput) = Console(60);
        var table = new Table().AddColumns("Id", "Text");
        foreach (var row in data) table.AddRow(row);
        whole.Write(table);
        var (paged, pagedOutput) = Console(60);
        PagedTable.Write(paged, () => new Table().AddColumns("Id", "Text"), data, 3);
        Assert.Equal(wholeOutput.ToString(), pagedOutput.ToString());
    }

    /// <summary>
    /// A page's column widths are those of the cells as drawn: an emoji code is drawn as written (<see cref="MarkupCell"/>), eleven
    /// cells for ':thumbs_up:', where Markup's measure is the emoji's two. Measured as Markup, the row of codes was not taken as
    /// the column's widest, and the page holding it was drawn with wider columns than the others.
    /// </summary>
    [Fact]
    public void A_column_holding_emoji_codes_is_as_wide_on_every_page_as_its_codes_are_written()
    {
        var filler = Enumerable.Range(0, 8).Select(i => new[] { $"r{i}", "a cell wider than two codes drawn" }).ToList();
        string[][] data = [.. filler, ["c", ":thumbs_up: :thumbs_up: :thumbs_up: :thumbs_up:"]];
        var (whole, wholeOutput) = Console(120);
        var table = new Table().AddColumns("Id", "Text");
        foreach (var row in data) Cells.AddRow(table, row);
        whole.Write(table);
        var (paged, pagedOutput) = Console(120);
        PagedTable.Write(paged, () => new Table().AddColumns("Id", "Text"), data, 3);
        Assert.Contains(":thumbs_up: :thumbs_up: :thumbs_up: :thumbs_up:", wholeOutput.ToString(), StringComparison.Ordinal);
        Assert.Equal(wholeOutput.ToString(), pagedOutput.ToString());
    }

    /// <summary>Too narrow for its borders, Spectre.Console draws a table as '…' alone: the rows are written a field a line instead.</summary>
    [Fact]
    public void A_table_too_narrow_to_draw_is_written_a_field_a_line_at_once_and_page_by_page()
    {
        var data = Enumerable.Range(0, 9).Select(i => new[] { $"a long cell {i}", "another long cell", "and a third long one" }).ToList();
        var (whole, wholeOutput) = Console(12);
        var table = Heading(3, true);
        foreach (var row in data) Cells.AddRow(table, row);
        whole.Write(new TableOrFields(table));
        var (paged, pagedOutput) = Console(12);
        PagedTable.Write(paged, () => Heading(3, true), data, 2);
        Assert.Equal(wholeOutput.ToString(), pagedOutput.ToString());
        Assert.Contains("Col 0: a long cell 8", string.Join(' ', pagedOutput.ToString().Split('\n', StringSplitOptions.TrimEntries)), StringComparison.Ordinal);
        Assert.DoesNotContain("┌", pagedOutput.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_table_is_drawn_as_Spectre_draws_it()
    {
        var (whole, wholeOutput) = Console(100);
        whole.Write(Heading(3, true));
        var (paged, pagedOutput) = Console(100);
        PagedTable.Write(paged, () => Heading(3, true), [], 2);
        Assert.Equal(wholeOutput.ToString(), pagedOutput.ToString());
    }
}
