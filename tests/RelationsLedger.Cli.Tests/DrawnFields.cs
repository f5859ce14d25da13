using System.Globalization;
using System.Text;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// What a drawing of a table's rows left out or cut, read from the drawing alone — a table (its borders and columns) or its
/// rows a field a line (<see cref="FieldList"/>): a column drawn with no cells, a cell whose text is not all there (its
/// characters compared with the text, whitespace and line breaks aside; a character shown as <see cref="MarkupCell.TooWide"/>
/// counted apart), a value of a column of dates and ids cut in two (a word of it on no line of its own where the width
/// held it), and a table's heading not all there (cut to …). Used by the tests and by benchmarks/table-fuzz (docs/performance.md, round 60).
/// </summary>
public static class DrawnFields
{
    public sealed record Faults(bool List, int ZeroColumns, int Missing, int CutToEllipsis, int Folded, int CutHeadings = 0)
    {
        public bool Any => ZeroColumns + Missing + CutToEllipsis + Folded + CutHeadings > 0;

        public override string ToString() =>
            $"{(List ? "fields" : "table")}: {ZeroColumns} column(s) of no width, {Missing} cell(s) not all there, {CutToEllipsis} with a character as …, {Folded} value(s) cut in two, {CutHeadings} heading(s) not all there";
    }

    /// <param name="drawn">The drawing (no colours).</param>
    /// <param name="labels">The columns' headings.</param>
    /// <param name="whole">The columns of dates and ids, whose values are never to be cut in two.</param>
    /// <param name="rows">Each row's cells as text (as shown: printable, markup undone).</param>
    /// <param name="width">The width it was drawn at.</param>
    public static Faults Of(string drawn, IReadOnlyList<string> labels, IReadOnlySet<int> whole, IReadOnlyList<string[]> rows, int width)
    {
        var lines = drawn.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var top = Array.FindIndex(lines, l => l.StartsWith('┌'));
        return top >= 0 ? OfTable(lines, top, labels, whole, rows) : OfList(drawn, lines, labels, whole, rows, width);
    }

    private static Faults OfTable(string[] lines, int top, IReadOnlyList<string> labels, IReadOnlySet<int> whole, IReadOnlyList<string[]> rows)
    {
        var zero = lines[top].Trim('┌', '┐').Split('┬').Count(c => c.Length <= 2); // a column's padding and no cell
        var headEnd = Array.FindIndex(lines, top, l => l.StartsWith('├'));
        var bottom = Array.FindIndex(lines, top, l => l.StartsWith('└'));
        var body = lines[(headEnd + 1)..bottom].Where(l => l.StartsWith('│')).Select(Cells).ToList();
        var head = lines[(top + 1)..headEnd].Where(l => l.StartsWith('│')).Select(Cells).ToList();
        var headings = Enumerable.Range(0, labels.Count)
            .Count(c => Bare(string.Concat(head.Select(parts => c < parts.Length ? parts[c] : ""))) != Bare(labels[c]));
        int missing = 0, ellipsis = 0, folded = 0;
        for (var c = 0; c < labels.Count; c++)
        {
            var column = c;
            var drawnLines = body.Select(parts => column < parts.Length ? parts[column] : "").ToList();
            var drawnText = Bare(string.Concat(drawnLines));
            var expected = Bare(string.Concat(rows.Select(r => r[column])));
            if (drawnText != expected)
            {
                if (drawnText.Contains(MarkupCell.TooWide, StringComparison.Ordinal) && Elements(drawnText) == Elements(expected)) ellipsis++;
                else missing++;
            }
            if (!whole.Contains(column)) continue;
            foreach (var row in rows)
                foreach (var word in Words(row[column]))
                    if (!drawnLines.Any(l => l.Contains(word, StringComparison.Ordinal))) folded++;
        }
        return new(false, zero, missing, ellipsis, folded, headings);
    }

    private static Faults OfList(string drawn, string[] lines, IReadOnlyList<string> labels, IReadOnlySet<int> whole, IReadOnlyList<string[]> rows, int width)
    {
        var all = Bare(drawn);
        int missing = 0, ellipsis = 0, folded = 0, at = 0;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                if (row[c].Length == 0) continue;
                var field = Bare($"{labels[c]}:{row[c]}");
                var found = all.IndexOf(field, at, StringComparison.Ordinal);
                if (found < 0)
                {
                    if (all.Contains(MarkupCell.TooWide, StringComparison.Ordinal)) ellipsis++;
                    else missing++;
                }
                else at = found + field.Length; // in the rows' order
                if (!whole.Contains(c)) continue;
                foreach (var word in Words(row[c]))
                    if (new Spectre.Console.Rendering.Segment(word).CellCount() <= width && !lines.Any(l => l.Contains(word, StringComparison.Ordinal))) folded++;
            }
        }
        return new(true, 0, missing, ellipsis, folded);
    }

    /// <summary>
    /// A drawn table's headings and rows, each cell its lines (trimmed) joined by line breaks: a row starts at a line whose
    /// first cell is not empty, as in every table the CLI draws. For a table drawn wide enough to hold every cell, as the
    /// fields a narrower drawing must show.
    /// </summary>
    public static (List<string> Labels, List<string[]> Rows) Table(string drawn)
    {
        var lines = drawn.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var top = Array.FindIndex(lines, l => l.StartsWith('┌'));
        if (top < 0) throw new ArgumentException($"not a table: {drawn}");
        var headEnd = Array.FindIndex(lines, top, l => l.StartsWith('├'));
        var bottom = Array.FindIndex(lines, top, l => l.StartsWith('└'));
        static string[] Parts(string line) => [.. Cells(line).Select(p => p.Trim())];
        var head = lines[(top + 1)..headEnd].Select(Parts).ToList();
        var labels = Enumerable.Range(0, head[0].Length).Select(c => string.Join(' ', head.Select(h => h[c]).Where(h => h.Length > 0))).ToList();
        var rows = new List<List<string>[]>();
        foreach (var parts in lines[(headEnd + 1)..bottom].Select(Parts))
        {
            if (parts[0].Length > 0 || rows.Count == 0) rows.Add([.. parts.Select(_ => new List<string>())]);
            for (var c = 0; c < parts.Length; c++) rows[^1][c].Add(parts[c]);
        }
        return (labels, rows.Select(r => r.Select(cell => string.Join('\n', cell).Trim('\n')).ToArray()).ToList());
    }

    /// <summary>
    /// A drawn row line's cells. A line Spectre.Console measures wider than it is drawn — an emoji joined of several (👨‍👩‍👧‍👦)
    /// folded with the next character — is cut at the table's width, its last border with it: its last cell is kept.
    /// </summary>
    private static string[] Cells(string line)
    {
        var parts = line.Split('│');
        return line.EndsWith('│') ? parts[1..^1] : parts[1..];
    }

    private static IEnumerable<string> Words(string text) => text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private static string Bare(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
            if (!char.IsWhiteSpace(ch)) sb.Append(ch);
        return sb.ToString();
    }

    private static int Elements(string text) => new StringInfo(text).LengthInTextElements;
}
