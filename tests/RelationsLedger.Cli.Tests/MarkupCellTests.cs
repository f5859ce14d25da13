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
}
