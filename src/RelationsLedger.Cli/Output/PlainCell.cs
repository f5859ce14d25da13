using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// A table cell of plain text, measured and wrapped as Spectre.Console's <see cref="Text"/> measures and wraps it — the same
/// lines, character for character — in one pass over its characters. Spectre.Console 0.57 asks a piece of text its width by
/// enumerating its runes into a new array each time, and asks it of every word several times over (the column's measure, the
/// wrap's check of the whole text, the wrap itself, which measures the line so far again for each word it adds): a 283-row
/// <c>ledger state</c> table allocated 13 MB and spent most of the table's extra CPU there (docs/performance.md, round 58).
/// Text that is not printable ASCII (one cell a character) is left to <see cref="Text"/>, as is any drawing other than a
/// left-justified cell.
/// </summary>
public sealed class PlainCell : Renderable
{
    private readonly string[] _lines = []; // the text's lines; empty when the text is left to Text
    private readonly Text? _other;

    /// <param name="text">Plain text, not markup: what the cell shows, character for character.</param>
    public PlainCell(string text)
    {
        if (IsPrintableAscii(text)) _lines = text.Split('\n');
        else _other = new Text(text);
    }

    private static bool IsPrintableAscii(string text)
    {
        foreach (var c in text)
            if (c is not ('\n' or (>= ' ' and <= '~'))) return false;
        return true;
    }

    /// <summary>As <see cref="Text"/>'s: at least its widest word (or run of spaces), at most its widest line.</summary>
    protected override Measurement Measure(RenderOptions options, int maxWidth)
    {
        if (_other is not null) return ((IRenderable)_other).Measure(options, maxWidth);
        var min = 0;
        var max = 0;
        foreach (var line in _lines)
        {
            max = Math.Max(max, line.Length);
            for (var start = 0; start < line.Length; start = WordEnd(line, start)) min = Math.Max(min, WordEnd(line, start) - start);
        }
        return new Measurement(min, Math.Min(max, maxWidth));
    }

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        if (_other is not null || (options.Justification ?? Justify.Left) != Justify.Left)
            return ((IRenderable)(_other ?? new Text(string.Join('\n', _lines)))).Render(options, maxWidth);
        if (maxWidth <= 0) return []; // nothing fits: no line, as Text draws it
        var lines = Widest(_lines) <= maxWidth ? _lines : Wrap(maxWidth);
        var segments = new List<Segment>(lines.Length * 2);
        for (var i = 0; i < lines.Length; i++)
        {
            // An empty line is an empty piece, not nothing: a line break at the very end would not make a line of its own.
            if (i > 0) segments.Add(Segment.LineBreak);
            segments.Add(lines[i].Length > 0 ? new Segment(lines[i]) : Segment.Empty);
        }
        return segments;
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
    /// The lines as Spectre.Console 0.57's paragraph wraps them at <paramref name="maxWidth"/>: word by word, a word that does not
    /// fit on the line starting the next one (a run of spaces that does not fit is dropped), a word wider than the width cut into
    /// pieces of the width, the first of them kept on the line when it fits there; each of the text's own lines begins a line.
    /// </summary>
    private string[] Wrap(int maxWidth)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var pieces = 0; // what the line holds, an empty line of the text counting as one: a last line of none is not drawn
        var queue = new Queue<string>();
        for (var l = 0; l < _lines.Length; l++)
        {
            var source = _lines[l];
            if (l > 0) EndLine();
            if (source.Length == 0) pieces++;
            for (var start = 0; start < source.Length; start = WordEnd(source, start))
            {
                queue.Enqueue(source[start..WordEnd(source, start)]);
                while (queue.TryDequeue(out var word))
                {
                    if (word.Length > maxWidth)
                    {
                        // Cut into pieces, which are then placed as words; the first stays here when it fits.
                        var fits = line.Length + Math.Min(maxWidth, word.Length) <= maxWidth;
                        if (!fits) EndLine();
                        for (var at = fits ? maxWidth : 0; at < word.Length; at += maxWidth) queue.Enqueue(word.Substring(at, Math.Min(maxWidth, word.Length - at)));
                        if (fits) Add(word[..maxWidth]);
                        continue;
                    }
                    if (line.Length + word.Length > maxWidth)
                    {
                        EndLine();
                        if (word[0] == ' ') continue;
                    }
                    Add(word);
                }
            }
        }
        if (pieces > 0) lines.Add(line.ToString());
        return [.. lines];

        void Add(string word)
        {
            line.Append(word);
            pieces++;
        }

        void EndLine()
        {
            lines.Add(line.ToString());
            line.Clear();
            pieces = 0;
        }
    }
}
