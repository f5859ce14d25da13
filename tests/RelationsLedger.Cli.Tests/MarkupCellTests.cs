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
                // Its lines joined (round 65): the same lines, each one segment.
                Assert.Equal(Joined(Pieces(new Text(text), width)), Pieces(new MarkupCell(text) { JoinsLines = true }, width));
            }
        }
        foreach (var notPlain in new[] { "", "[[x]]", "a]]b", "Федеральный", "tab\there", "e\u0301", "café", "→\u0301", "a\u2003b", "‐" })
            Assert.False(new MarkupCell(notPlain).IsPlain, notPlain);
    }

    /// <summary>
    /// The characters beyond ASCII a plain cell may hold (<see cref="PlainText.OneCell"/>, round 65) are each, in Spectre.Console's
    /// own measure, one cell wide, one text element and not white space — what a plain cell's one-pass drawing takes of them.
    /// </summary>
    [Fact]
    public void The_plain_characters_beyond_ASCII_are_one_cell_one_element_and_no_space()
    {
        foreach (var c in PlainText.OneCell)
        {
            var text = $"{c}{c}a{c}";
            Assert.Equal(4, new Segment(text).CellCount());
            Assert.Equal(4, new System.Globalization.StringInfo(text).LengthInTextElements);
            Assert.False(char.IsWhiteSpace(c));
            Assert.True(new MarkupCell($"2003-09-25 {c} 2007").IsPlain);
        }
    }

    /// <summary>
    /// A table drawn with its plain cells' lines joined (<see cref="TableOrFields"/>, round 65) is the table drawn in the paragraph's
    /// pieces, byte for byte, at every width 1–120: the seven tables the CLI draws with random cells of every kind (ASCII, long words,
    /// Cyrillic, CJK, emoji, combining marks, markup, several lines), against TableOrFields as it was before (<see cref="InPieces"/>).
    /// </summary>
    [Fact]
    public void A_table_with_its_plain_lines_joined_is_drawn_as_in_pieces_at_every_width()
    {
        foreach (var (name, heading, wholeValues) in RandomTables.Tables())
            for (var seed = 0; seed < 3; seed++)
            {
                var random = new Random(seed * 65 + name.Length);
                var columns = heading().Columns.Count;
                var rows = Enumerable.Range(0, random.Next(1, 5))
                    .Select(_ => Enumerable.Range(0, columns).Select(_ => Markup.Escape(Printable.Text(random.Next(2) == 0 ? RandomTables.ValueText(random) : RandomTables.CellText(random)))).ToArray())
                    .ToList();
                for (var width = 1; width <= 120; width++)
                {
                    var joined = Draw(width, new TableOrFields(WithRows(heading(), rows), wholeValues));
                    Assert.Equal(Draw(width, new InPieces(WithRows(heading(), rows), wholeValues)), joined);
                }
            }

        static Table WithRows(Table table, List<string[]> rows)
        {
            foreach (var row in rows) Cells.AddRow(table, row);
            return table;
        }

        static string Draw(int width, IRenderable drawing)
        {
            var output = new StringWriter();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
            console.Profile.Width = width;
            var drawn = Task.Run(() => console.Write(drawing));
            Assert.True(drawn.Wait(TimeSpan.FromSeconds(30)), $"a drawing at width {width} did not end");
            return output.ToString();
        }
    }

    /// <summary>The oracle: <see cref="TableOrFields"/> as it was before round 65, every cell drawn in the paragraph's pieces.</summary>
    internal sealed class InPieces(Table table, IReadOnlySet<int>? wholeValues) : Renderable
    {
        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            var drawn = ((IRenderable)table).Render(options, maxWidth);
            var segments = drawn as List<Segment> ?? [.. drawn];
            return TableOrFields.ShowsEveryField(table, options, wholeValues) ? segments : FieldList.Render(table, FieldList.Rows(table), options, maxWidth);
        }
    }

    /// <summary>Pieces with each line's joined into one (an empty line stays one empty piece).</summary>
    private static string[] Joined(string[] pieces)
    {
        var joined = new List<string>();
        string? line = null;
        foreach (var piece in pieces)
        {
            if (piece == "\n")
            {
                if (line is not null) joined.Add(line);
                joined.Add(piece);
                line = null;
            }
            else line = (line ?? "") + piece;
        }
        if (line is not null) joined.Add(line);
        return [.. joined];
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

    /// <summary>Words of 1–30 letters (some longer than a narrow column; now and then a <see cref="PlainText.OneCell"/>), runs of 1–4 spaces, line breaks and empty lines.</summary>
    internal static string RandomPlain(Random random)
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
                        var ch = random.Next(16) == 0 ? PlainText.OneCell[random.Next(PlainText.OneCell.Length)] : (char)random.Next('!', '~' + 1);
                        text.Append(ch is '[' or ']' ? 'x' : ch);
                    }
                    if (random.Next(3) > 0) text.Append(' ');
                    break;
            }
        }
        return text.ToString();
    }
}
