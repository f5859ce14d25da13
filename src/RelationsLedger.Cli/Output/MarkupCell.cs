using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// A table cell of markup, drawn as Spectre.Console's <see cref="Markup"/> draws it but for two things: an emoji code
/// (<c>:thumbs_up:</c>) is shown as written, and a column narrower than one of its characters ends. Spectre.Console 0.57 folds
/// a word wider than its column into pieces of whole characters (text elements); a character two cells wide (CJK, an emoji, a
/// fullwidth form) in a column one cell wide makes an empty piece and itself again, for ever (Paragraph.SplitLines with
/// Segment.SplitSegment): the command never ends, not even at SIGTERM. A table gives a column one cell when it must narrow its
/// columns to fit: a narrow terminal, or columns that are never wrapped taking the width (docs/performance.md, round 59). In
/// such a column each character wider than the column is shown as <see cref="TooWide"/> (and a table notes it and writes its rows a
/// field a line instead: <see cref="TableOrFields"/>); every other drawing is the markup's own.
/// </summary>
public sealed class MarkupCell(string markup) : Renderable
{
    /// <summary>What stands for a character wider than its column: one cell, as Spectre.Console marks what it cut.</summary>
    public const string TooWide = "…";

    // Markup's own text, without its emoji pass: Markup turns ":name:" into an emoji wherever it knows the name and has no escape
    // for it, so recorded text holding such a code (a source titled ":flag_ua: news", a list "SDN :thumbs_up: list") was shown
    // as something else than was recorded (round 59). The CLI's own markup holds no emoji code.
    private Paragraph? _paragraph; // made on first use: a plain cell's table drawing needs none (PlainText)
    private readonly string[]? _plain = PlainText.LinesOf(markup); // the lines of plain text; null when the markup is not plain
    private int _widestWord = -1; // the widest word's cells (Markup's minimum width), known once the table has measured the cell
    private int _widest = -1; // the widest character's cells, measured when a word is folded

    /// <summary>The markup the cell was made of.</summary>
    public string Text { get; } = markup;

    /// <summary>The width the cell was last drawn at (a table draws it at its column's width); -1 until it is drawn.</summary>
    public int DrawnWidth { get; private set; } = -1;

    /// <summary>Whether the last drawing stood <see cref="TooWide"/> in for a character wider than the column.</summary>
    public bool DrawnCut { get; private set; }

    /// <summary>
    /// Whether a drawing of plain text gives each line as one segment (<see cref="PlainText.RenderLines"/>) rather than in the
    /// paragraph's pieces: set by <see cref="TableOrFields"/> for a table it draws, which it draws again in pieces when a cell of
    /// another kind drew a line wider than its column (<see cref="DrawnWider"/>).
    /// </summary>
    internal bool JoinsLines { get; set; }

    /// <summary>
    /// Whether the last drawing while <see cref="JoinsLines"/> had a line wider than the width it was drawn at (so the table's row
    /// may be wider than the console, and cut where its segments stop fitting). Measured for the other kinds only. Round 65 took it
    /// that plain text never draws wider; round 66 found it can (<c>"ab \ncd"</c> at width 2 is drawn <c>abcd</c>): the oracle tests
    /// (MarkupCellTests, PlainTableTests) find the same bytes as Spectre.Console's own drawing there, and PlainTable leaves such a table to it.
    /// </summary>
    internal bool DrawnWider { get; private set; }

    /// <summary>The cells of the widest word (what the cell cannot be drawn narrower than without cutting a word in two).</summary>
    public int WidestWord(RenderOptions options)
    {
        if (_widestWord < 0) Measure(options, int.MaxValue / 2);
        return _widestWord;
    }

    /// <summary>Whether a column <paramref name="width"/> cells wide draws every character of the cell as itself.</summary>
    public bool FitsEveryCharacter(RenderOptions options, int width) => width > 0 && (WidestWord(options) <= width || width >= Widest(options));

    /// <summary>Whether the cell is plain text, measured and drawn in one pass (<see cref="PlainText"/>) rather than as parsed markup.</summary>
    internal bool IsPlain => _plain is not null;

    private Paragraph Paragraph => _paragraph ??= TextOf(Text);

    protected override Measurement Measure(RenderOptions options, int maxWidth)
    {
        var measurement = _plain is not null ? PlainText.Measure(_plain, maxWidth) : ((IRenderable)Paragraph).Measure(options, maxWidth);
        _widestWord = measurement.Min;
        return measurement;
    }

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        // A width of none draws nothing; a width every word fits folds no word; a fold ends when every character fits. Only a
        // word wider than the column is measured by its characters: the table measured the cell just before drawing it, so
        // the common case costs nothing more than Markup (docs/performance.md, round 59).
        DrawnWidth = maxWidth;
        DrawnCut = maxWidth > 0 && !FitsEveryCharacter(options, maxWidth);
        DrawnWider = false;
        if (DrawnCut) return Measured(((IRenderable)Narrowed(options, maxWidth)).Render(options, maxWidth), maxWidth);
        if (_plain is not null && PlainText.Draws(options, maxWidth)) return JoinsLines ? PlainText.RenderLines(_plain, maxWidth) : PlainText.Render(_plain, maxWidth);
        return Measured(((IRenderable)Paragraph).Render(options, maxWidth), maxWidth);
    }

    /// <summary>The drawing as it is, its lines measured when <see cref="JoinsLines"/> (<see cref="DrawnWider"/>).</summary>
    private IEnumerable<Segment> Measured(IEnumerable<Segment> drawn, int maxWidth)
    {
        if (!JoinsLines) return drawn;
        var segments = drawn as List<Segment> ?? [.. drawn];
        foreach (var line in Segment.SplitLines(segments)) DrawnWider |= line.CellCount() > maxWidth;
        return segments;
    }

    /// <summary>The markup's text and styles, as <see cref="Markup"/> parses them, with emoji codes kept as written.</summary>
    private static Paragraph TextOf(string markup)
    {
        var paragraph = new Paragraph();
        foreach (var piece in AnsiMarkup.Parse(markup)) paragraph.Append(piece.Text, piece.Style, piece.Link);
        return paragraph;
    }

    /// <summary>The text as drawn unwrapped: after markup is made into styled text.</summary>
    private IEnumerable<Segment> Unwrapped(RenderOptions options) => ((IRenderable)Paragraph).Render(options with { Justification = null }, int.MaxValue);

    private int Widest(RenderOptions options)
    {
        if (_widest >= 0) return _widest;
        if (_plain is not null) return _widest = Text.AsSpan().ContainsAnyExcept('\n') ? 1 : 0; // one cell a character: the paragraph's segments
        var widest = 0;
        foreach (var segment in Unwrapped(options))
        {
            if (segment.IsLineBreak || segment.IsControlCode) continue;
            if (IsPrintableAscii(segment.Text)) widest = Math.Max(widest, segment.Text.Length > 0 ? 1 : 0);
            else
            {
                var each = StringInfo.GetTextElementEnumerator(segment.Text);
                while (each.MoveNext()) widest = Math.Max(widest, CellsOf(each.GetTextElement()));
            }
        }
        return _widest = widest;
    }

    /// <summary>The markup's text with each character wider than <paramref name="maxWidth"/> (at least 1) shown as <see cref="TooWide"/>.</summary>
    private Paragraph Narrowed(RenderOptions options, int maxWidth)
    {
        var paragraph = new Paragraph();
        foreach (var segment in Unwrapped(options))
        {
            if (segment.IsLineBreak) paragraph.Append("\n");
            else if (!segment.IsControlCode) paragraph.Append(Fitted(segment.Text, maxWidth), segment.Style);
        }
        return paragraph;
    }

    private static string Fitted(string text, int maxWidth)
    {
        var fitted = new System.Text.StringBuilder(text.Length);
        var each = StringInfo.GetTextElementEnumerator(text);
        while (each.MoveNext())
        {
            var character = each.GetTextElement();
            fitted.Append(character == "\n" || CellsOf(character) <= maxWidth ? character : TooWide);
        }
        return fitted.ToString();
    }

    /// <summary>A character's width in cells as Spectre.Console measures it.</summary>
    private static int CellsOf(string character) => new Segment(character).CellCount();

    private static bool IsPrintableAscii(string text)
    {
        foreach (var c in text)
            if (c is < ' ' or > '~') return false;
        return true;
    }
}
