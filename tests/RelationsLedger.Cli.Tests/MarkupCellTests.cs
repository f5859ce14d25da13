using RelationsLedger.Cli.Output;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A table cell is drawn as Spectre.Console's <see cref="Markup"/> draws it wherever that drawing ends — in a column at
/// least as wide as the cell's widest character — and, in a column narrower than one of its characters (a character two
/// cells wide in a column of one), it ends too, each too-wide character shown as <see cref="MarkupCell.TooWide"/>. Spectre's
/// own drawing never ends there, so it is not drawn here: a drawing is awaited for a bounded time, never for ever.
/// </summary>
public sealed class MarkupCellTests
{
    private static readonly string[] Texts = ["RU", "Supreme Court of the Russian Federation", "averyveryveryverylongwordthatisneverbrokenbyspaces",
        "Федеральный список", "e\u0301te\u0301", "联合国安理会制裁名单", "外交部 👍🏽", "👨‍👩‍👧‍👦 family", "🇺🇦 flag", "ｗｉｄｅ", "thumbs 👍 code",
        "[[brackets]] and ]] [[", "line one\nline two\n\nafter an empty line", "  two  spaces  ", ""];

    private static readonly IAnsiConsole PlainConsole = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No,
    });

    private static readonly RenderOptions Options = RenderOptions.Create(PlainConsole, PlainConsole.Profile.Capabilities);

    /// <summary>The widest character of the text as drawn, in cells: 2 for CJK, emoji and fullwidth forms, else 1 (0 when empty).</summary>
    private static int Widest(string markup) =>
        ((IRenderable)new Markup(markup)).Render(Options, int.MaxValue).Where(s => !s.IsLineBreak)
            .SelectMany(s => System.Globalization.StringInfo.GetTextElementEnumerator(s.Text) is var e ? Elements(e) : [])
            .Select(c => new Segment(c).CellCount()).DefaultIfEmpty(0).Max();

    private static IEnumerable<string> Elements(System.Globalization.TextElementEnumerator e)
    {
        while (e.MoveNext()) yield return e.GetTextElement();
    }

    private static string Drawn(IRenderable cell, int width) =>
        string.Concat(cell.Render(Options, width).Select(s => s.IsLineBreak ? "\n" : s.Text));

    [Fact]
    public void A_cell_is_drawn_as_markup_wherever_its_characters_fit()
    {
        foreach (var text in Texts)
        {
            var widest = Widest(text);
            for (var width = -1; width <= 80; width++)
            {
                if (width > 0 && width < widest) continue; // where Markup's drawing never ends: the next test
                Assert.Equal(Drawn(new Markup(text), width), Drawn(new MarkupCell(text), width));
                Assert.Equal(((IRenderable)new Markup(text)).Measure(Options, width), ((IRenderable)new MarkupCell(text)).Measure(Options, width));
            }
        }
    }

    [Fact]
    public async Task A_cell_narrower_than_a_character_ends_showing_the_character_cut()
    {
        foreach (var text in Texts.Where(t => Widest(t) > 1))
        {
            var drawing = Task.Run(() => Drawn(new MarkupCell(text), 1));
            Assert.True(await Task.WhenAny(drawing, Task.Delay(TimeSpan.FromSeconds(30))) == drawing, $"'{text}' in a column of one cell: not drawn after 30 s");
            var drawn = await drawing;
            Assert.All(drawn.Split('\n'), l => Assert.True(new Segment(l).CellCount() <= 1, $"'{l}' of '{text}' is wider than its column"));
            Assert.Contains(MarkupCell.TooWide, drawn, StringComparison.Ordinal);
        }
    }

    /// <summary>Markup turns a code it knows into an emoji (":thumbs_up:" → 👍); a cell shows the text as written, at every width.</summary>
    [Fact]
    public void An_emoji_code_is_shown_as_written()
    {
        const string text = "SDN :thumbs_up: list :flag_ua: [[x]] :not_a_code:";
        Assert.Contains("👍", Drawn(new Markup(text), 80), StringComparison.Ordinal);
        const string asWritten = "SDN :thumbs_up: list :flag_ua: [x] :not_a_code:";
        for (var width = 1; width <= 60; width++)
            Assert.Equal(Drawn(new Text(asWritten), width), Drawn(new MarkupCell(text), width));
        Assert.Equal("SDN :thumbs_up: list :flag_ua: [x] :not_a_code:", Drawn(new MarkupCell(text), 80));
    }

    [Fact]
    public void A_table_of_cells_that_fit_is_drawn_as_spectre_draws_it_at_every_width()
    {
        // No character two cells wide: Spectre.Console's own rows end at every width, and the CLI's rows draw the same bytes.
        string[][] rows = [["Designation", "AM lists GM on 'Consolidated list' (Security Council resolution)", "ended: DesignationRemoved", "2012-04-24 → 2019-11-10"],
            ["", "  two  spaces  inside  ", "line one\nline two", ""], ["Федеральный", "e\u0301te\u0301 averyveryveryverylongword", "[[x]]", "2020"]];
        for (var width = 1; width <= 200; width++)
        {
            Assert.Equal(Draw(width, (t, row) => t.AddRow(row)), Draw(width, (t, row) => Cells.AddRow(t, row)));
        }

        string Draw(int width, Action<Table, string[]> add)
        {
            var output = new StringWriter();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
            console.Profile.Width = width;
            var table = new Table().Title("A title").AddColumns(Cells.Short("Aspect"), new TableColumn("Item"), new TableColumn("Status"), Cells.Short("Since / on"));
            foreach (var row in rows) add(table, row);
            console.Write(table);
            return output.ToString();
        }
    }

    /// <summary>
    /// A plain cell (printable ASCII and line breaks, no bracket) is measured and drawn in one pass (<see cref="PlainText"/>, round
    /// 61), not through the parsed paragraph: the same measure and the same lines as Spectre.Console's <see cref="Text"/>, alone
    /// at every width 1–90 and in a table at every width 1–120, over random texts of the ledger's kinds — words, runs of spaces,
    /// line breaks, empty lines, words longer than their column. Round 58's one-pass cell, checked by characters alone, missed
    /// Spectre.Console joining a text's next line to a line whose wrap dropped its last run of spaces (<c>"ab \ncd"</c> at
    /// width 2 is drawn <c>"abcd"</c>); this check found it, and that a table cuts a row wider than the console piece by piece.
    /// </summary>
    [Fact]
    public void A_plain_cell_is_measured_and_drawn_as_Text_at_every_width()
    {
        var random = new Random(61);
        for (var sample = 0; sample < 300; sample++)
        {
            var text = RandomPlain(random);
            var cell = new MarkupCell(text);
            Assert.True(cell.IsPlain, $"'{text}' is plain");
            for (var width = 1; width <= 90; width++)
            {
                // Piece for piece, not only the same characters: a table drops the pieces of a row wider than the console whole.
                Assert.Equal(Pieces(new Text(text), width), Pieces(cell, width));
                Assert.Equal(((IRenderable)new Text(text)).Measure(Options, width), ((IRenderable)cell).Measure(Options, width));
            }
        }
        foreach (var notPlain in new[] { "", "[[x]]", "a]]b", "Федеральный", "tab\there", "e\u0301", "café" })
            Assert.False(new MarkupCell(notPlain).IsPlain, notPlain);
    }

    [Fact]
    public void A_table_of_plain_cells_is_drawn_as_one_of_Text_cells_at_every_width()
    {
        var random = new Random(58);
        for (var sample = 0; sample < 20; sample++)
        {
            var rows = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Enumerable.Range(0, 3).Select(_ => RandomPlain(random)).ToArray()).ToArray();
            for (var width = 1; width <= 120; width++)
                Assert.Equal(Draw(width, rows, text => new Text(text)), Draw(width, rows, text => new MarkupCell(text)));
        }

        static string Draw(int width, string[][] rows, Func<string, IRenderable> cell)
        {
            var output = new StringWriter();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
            console.Profile.Width = width;
            var table = new Table().AddColumns(Cells.Short("Aspect"), new TableColumn("Item"), new TableColumn("Status"));
            foreach (var row in rows) table.AddRow(row.Select(cell));
            console.Write(table);
            return output.ToString();
        }
    }

    private static string[] Pieces(IRenderable cell, int width) => cell.Render(Options, width).Select(s => s.IsLineBreak ? "\n" : s.Text).ToArray();

    /// <summary>Words of 1–30 letters (some longer than a narrow column), runs of 1–4 spaces, line breaks and empty lines.</summary>
    private static string RandomPlain(Random random)
    {
        var text = new System.Text.StringBuilder();
        var pieces = random.Next(1, 14);
        for (var i = 0; i < pieces; i++)
        {
            switch (random.Next(8))
            {
                case 0: text.Append(' ', random.Next(1, 5)); break;
                case 1: text.Append('\n'); break;
                case 2: text.Append("\n\n"); break;
                default:
                    var length = random.Next(8) == 0 ? random.Next(12, 31) : random.Next(1, 9);
                    for (var c = 0; c < length; c++)
                    {
                        var ch = (char)random.Next('!', '~' + 1);
                        text.Append(ch is '[' or ']' ? 'x' : ch);
                    }
                    if (random.Next(3) > 0) text.Append(' ');
                    break;
            }
        }
        return text.ToString();
    }
}
