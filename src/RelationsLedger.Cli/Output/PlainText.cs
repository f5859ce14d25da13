using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// A cell's text that is plain — no markup (no <c>[</c> or <c>]</c>: <see cref="Cells.Text"/> escapes a bracket by doubling it, so
/// recorded text holding one is not plain) and every character printable ASCII, one of <see cref="OneCell"/> or a line break, each
/// one cell wide — measured
/// and wrapped as Spectre.Console 0.57's <see cref="Paragraph"/> measures and wraps it, line for line, in one pass over its
/// characters. Spectre.Console asks a piece of text its width by enumerating its runes into a new array, and asks it of every
/// word several times (the column's measure, the wrap's check of the whole text, the wrap itself); a 283-row <c>ledger state</c>
/// table allocated 13 MB there (docs/performance.md, rounds 58 and 61). Used by <see cref="MarkupCell"/> for the drawings a
/// table asks of a cell (left-justified, at a width above 0); any other is left to the paragraph.
/// </summary>
internal static class PlainText
{
    /// <summary>
    /// The characters beyond ASCII that the ledger writes into its own cells — a date range's <c>→</c>, a statement's <c>—</c>, a
    /// short id's <c>…</c> — plain too: each is one text element, one cell wide in Spectre.Console's measure and not white space, so
    /// it is measured, wrapped and folded as a printable ASCII character is (held by <c>MarkupCellTests</c>). Without them a
    /// relationship's ended items (<c>2003-09-25 → 2007-04-22</c>) went through the paragraph: 135 of RU~US's 1,420 cells
    /// (docs/performance.md, round 65).
    /// </summary>
    public const string OneCell = "→—…";

    /// <summary>The text's lines when it is plain; null when it is not, or is empty (a paragraph of no lines: left to it).</summary>
    public static string[]? LinesOf(string markup)
    {
        if (markup.Length == 0) return null;
        foreach (var c in markup)
            if (c is not ('\n' or (>= ' ' and <= '~')) && !OneCell.Contains(c) || c is '[' or ']') return null;
        return markup.Split('\n');
    }

    /// <summary>As <see cref="Paragraph"/>'s: at least its widest word (or run of spaces), at most its widest line.</summary>
    public static Measurement Measure(string[] lines, int maxWidth)
    {
        var min = 0;
        var max = 0;
        foreach (var line in lines)
        {
            max = Math.Max(max, line.Length);
            for (var start = 0; start < line.Length; start = WordEnd(line, start)) min = Math.Max(min, WordEnd(line, start) - start);
        }
        return new Measurement(min, Math.Min(max, maxWidth));
    }

    /// <summary>
    /// Whether <see cref="Render"/> draws the text as <see cref="Paragraph"/> would with these options and width: left-justified,
    /// at a width above 0. (A paragraph is also drawn on a single line for Spectre.Console's <see cref="Rule"/>'s title, an option
    /// internal to it: a cell is never a rule's title.)
    /// </summary>
    public static bool Draws(RenderOptions options, int maxWidth) => maxWidth > 0 && (options.Justification ?? Justify.Left) == Justify.Left;

    /// <summary>
    /// The text at <paramref name="maxWidth"/> (above 0, left-justified: <see cref="Draws"/>) in the very pieces the paragraph hands
    /// out — each word, run of spaces and piece of a folded word a segment of its own, an empty piece where the paragraph has one —
    /// as a table keeps a row's segments while they fit and drops the rest where the row is wider than the console
    /// (<see cref="Segment.Truncate(IEnumerable{Segment}, int)"/>): the same pieces, the same row.
    /// </summary>
    public static IEnumerable<Segment> Render(string[] lines, int maxWidth) => Pieces(Widest(lines) <= maxWidth ? Words(lines) : Wrap(lines, maxWidth));

    /// <summary>
    /// The text at <paramref name="maxWidth"/> as <see cref="Render"/> draws it, each line of it one segment: the same characters on
    /// the same lines, for a table in which no row is wider than the console. There a row's segments are only joined (Spectre.Console
    /// merges a drawing's segments of one style before it writes them), and the table's renderer measures each segment of each
    /// line again and again — each word and run of spaces a piece of its own, a 284-row table was ~10 MB of its measuring
    /// (docs/performance.md, round 65). A row wider than the console keeps its segments while they fit: there the pieces decide
    /// the row, and <see cref="TableOrFields"/> draws it with <see cref="Render"/>.
    /// </summary>
    public static IEnumerable<Segment> RenderLines(string[] lines, int maxWidth)
    {
        if (Widest(lines) <= maxWidth) return Unwrapped(lines);
        var joined = new List<Segment>();
        var line = new StringBuilder();
        var open = false;
        foreach (var piece in Render(lines, maxWidth))
        {
            if (!piece.IsLineBreak)
            {
                line.Append(piece.Text);
                open = true;
                continue;
            }
            if (open) joined.Add(Line(line));
            joined.Add(piece);
            open = false;
        }
        if (open) joined.Add(Line(line));
        return joined;

        static Segment Line(StringBuilder text)
        {
            var segment = text.Length > 0 ? new Segment(text.ToString()) : Segment.Empty;
            text.Clear();
            return segment;
        }
    }

    /// <summary>
    /// Lines that fit, each as it is: the paragraph's pieces of a line that is not wrapped are the line's words and runs of spaces, and
    /// it gives a line break before each line after the first (each holds a piece: an empty line its empty one).
    /// </summary>
    private static List<Segment> Unwrapped(string[] lines)
    {
        var segments = new List<Segment>(2 * lines.Length - 1);
        foreach (var line in lines)
        {
            if (segments.Count > 0) segments.Add(Segment.LineBreak);
            segments.Add(line.Length > 0 ? new Segment(line) : Segment.Empty);
        }
        return segments;
    }

    /// <summary>
    /// The lines' pieces as Spectre.Console 0.57's paragraph hands them out (<see cref="SegmentLineIterator"/>): a line break after
    /// a line only when the next one holds something, and a line holding nothing (null) passed over. So where a wrap dropped the
    /// run of spaces that ended a line of the text, the text's next line is drawn on the wrapped line: <c>"ab \ncd"</c> at width 2
    /// is drawn <c>"abcd"</c>, as Spectre.Console draws it. An empty piece ("") is something: an empty line is a line of its own.
    /// </summary>
    private static List<Segment> Pieces(List<List<string>?> lines)
    {
        var segments = new List<Segment>();
        int line = 0, index = -1;
        var breakGiven = false;
        while (line < lines.Count)
        {
            index++;
            if (index >= Count(line))
            {
                if (!breakGiven && line + 1 < lines.Count && Count(line + 1) > 0)
                {
                    breakGiven = true;
                    segments.Add(Segment.LineBreak);
                    continue;
                }
                line++;
                index = 0;
                while (line < lines.Count && Count(line) == 0) line++;
                if (line >= lines.Count) break;
            }
            breakGiven = false;
            segments.Add(lines[line]![index] is { Length: > 0 } piece ? new Segment(piece) : Segment.Empty);
        }
        return segments;

        int Count(int at) => lines[at]?.Count ?? 0;
    }

    /// <summary>The text's lines unwrapped, in the paragraph's pieces: its words and runs of spaces, an empty line one empty piece.</summary>
    private static List<List<string>?> Words(string[] source)
    {
        var lines = new List<List<string>?>(source.Length);
        foreach (var text in source)
        {
            var line = new List<string>();
            if (text.Length == 0) line.Add("");
            for (var start = 0; start < text.Length; start = WordEnd(text, start)) line.Add(text[start..WordEnd(text, start)]);
            lines.Add(line);
        }
        return lines;
    }

    private static int Widest(string[] lines)
    {
        var widest = 0;
        foreach (var line in lines) widest = Math.Max(widest, line.Length);
        return widest;
    }

    /// <summary>Where the word (or run of spaces) that begins at <paramref name="start"/> ends: Spectre.Console's words.</summary>
    private static int WordEnd(string line, int start)
    {
        var space = line[start] == ' ';
        var end = start + 1;
        while (end < line.Length && (line[end] == ' ') == space) end++;
        return end;
    }

    /// <summary>
    /// The lines as Spectre.Console 0.57's paragraph wraps them at <paramref name="maxWidth"/> (<c>Paragraph.SplitLines</c>), piece
    /// by piece: a word that does not fit on the line ends it (with an empty piece) and starts the next one — a run of spaces that
    /// does not fit is dropped; a word wider than the width is folded into pieces of the width, the first of them kept on the line
    /// when the line is empty, else the line ended as it is; each of the text's own lines begins a line, the line it ends kept even
    /// when it holds nothing (null: the paragraph's empty line, passed over when drawn).
    /// </summary>
    private static List<List<string>?> Wrap(string[] source, int maxWidth)
    {
        var lines = new List<List<string>?>();
        var line = new List<string>();
        var width = 0;
        var queue = new Queue<string>();
        for (var l = 0; l < source.Length; l++)
        {
            var text = source[l];
            if (l > 0) EndLine(line.Count > 0 ? line : null);
            if (text.Length == 0) line.Add(""); // the paragraph's empty piece of an empty line
            for (var start = 0; start < text.Length; start = WordEnd(text, start))
            {
                queue.Enqueue(text[start..WordEnd(text, start)]);
                while (queue.TryDequeue(out var word))
                {
                    if (word.Length > maxWidth)
                    {
                        // Folded into pieces, which are then placed as words; the first stays here when the line is empty.
                        var fits = width == 0;
                        if (!fits) EndLine(line);
                        for (var at = fits ? maxWidth : 0; at < word.Length; at += maxWidth) queue.Enqueue(word.Substring(at, Math.Min(maxWidth, word.Length - at)));
                        if (fits) Add(word[..maxWidth]);
                        continue;
                    }
                    if (width + word.Length > maxWidth)
                    {
                        line.Add("");
                        EndLine(line);
                        if (word[0] == ' ') continue;
                    }
                    Add(word);
                }
            }
        }
        if (line.Count > 0) lines.Add(line);
        return lines;

        void Add(string word)
        {
            line.Add(word);
            width += word.Length;
        }

        void EndLine(List<string>? ended)
        {
            lines.Add(ended);
            line = [];
            width = 0;
        }
    }
}
