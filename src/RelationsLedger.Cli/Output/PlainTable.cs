using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// A table whose every row is plain text (<see cref="MarkupCell.IsPlain"/>), drawn as Spectre.Console 0.57 draws it, its rows written
/// here. Spectre.Console's table renderer measures each line of each row again and again — each cell line to pad it, the whole row to
/// see whether to cut it, each segment's runes enumerated into a new array — ~6 MB for RU~US's 297 lines (docs/performance.md, rounds
/// 65 and 66). Plain text is one cell a character, so a row's line is its cells' lines, each padded to its column by its length.
/// Spectre.Console still draws what it alone decides: the column widths, the title, the heading and the borders above and below, from
/// a frame — the table with only its widest rows, the rows each column's widths are made of (as <see cref="PagedTable"/> pages) — and
/// the frame's rows, drawn by both, must come out the same, or the table is left to Spectre.Console whole. So is any table of another
/// shape: a cell that is not plain, a column not left-justified, a border that is hidden or styled, row separators, footers, a caption,
/// a table too narrow for its columns or not longer than its frame.
/// </summary>
internal static class PlainTable
{
    /// <summary>The table drawn at <paramref name="maxWidth"/>, byte for byte as Spectre.Console draws it; null where it is left to it.</summary>
    public static List<Segment>? Render(Table table, RenderOptions options, int maxWidth)
    {
        if (!OfPlainRows(table)) return null;
        var rows = (IReadOnlyList<TableRow>)table.Rows;
        var widest = WidestRows(table, options);
        if (widest.Count >= rows.Count) return null;

        var frame = Frame(table, widest);
        var lines = Lines(((IRenderable)frame).Render(options, maxWidth));
        var widths = new int[table.Columns.Count];
        for (var column = 0; column < widths.Length; column++)
            if ((widths[column] = ((MarkupCell)widest[0][column]).DrawnWidth) <= 0) return null; // a column of no width, or the table drawn as '…'

        var border = table.Border.GetSafeBorder(!options.Unicode && table.UseSafeBorder);
        var ownFrame = new List<string>();
        foreach (var row in widest)
            if (!Draw(table, row, widths, border, options, ownFrame)) return null;
        var head = lines.Count - ownFrame.Count - 1;
        if (head < 1) return null;
        for (var i = 0; i < ownFrame.Count; i++)
            if (!IsPlainLine(lines[head + i], ownFrame[i])) return null;

        var body = new List<string>();
        foreach (var row in rows)
            if (!Draw(table, row, widths, border, options, body)) return null;
        var drawn = new List<Segment>(2 * (head + body.Count + 1));
        for (var i = 0; i < head; i++) AddLine(drawn, lines[i]);
        foreach (var line in body)
        {
            drawn.Add(new Segment(line));
            drawn.Add(Segment.LineBreak);
        }
        AddLine(drawn, lines[^1]);
        return drawn;
    }

    /// <summary>Whether the table is of the shape drawn here: a visible border of no style, padded cells, a heading, no footer, row separator or caption, every column left-justified and every row plain.</summary>
    private static bool OfPlainRows(Table table)
    {
        if (!table.Border.Visible || !table.Border.UsePadding || !table.ShowHeaders || table.ShowRowSeparators || table.Caption is not null) return false;
        if (table.BorderStyle is { } style && !style.Equals(Style.Plain)) return false;
        foreach (var column in table.Columns)
            if (column.Footer is not null || (column.Alignment ?? Justify.Left) != Justify.Left) return false;
        foreach (var row in table.Rows)
        {
            if (row.Count != table.Columns.Count) return false;
            foreach (var cell in row)
                if (cell is not MarkupCell { IsPlain: true }) return false;
        }
        return true;
    }

    /// <summary>
    /// Per column, the row whose cell is widest and the row whose cell's narrowest fit is widest: Spectre.Console's column widths are
    /// made of these measures alone (<c>TableMeasurer.MeasureColumn</c>), so a table of these rows has the whole table's widths.
    /// </summary>
    private static List<TableRow> WidestRows(Table table, RenderOptions options)
    {
        var columns = table.Columns.Count;
        var min = new int[columns];
        var max = new int[columns];
        var minRow = new TableRow?[columns];
        var maxRow = new TableRow?[columns];
        foreach (var row in table.Rows)
            for (var column = 0; column < columns; column++)
            {
                var measure = row[column].Measure(options, int.MaxValue / 2);
                if (minRow[column] is null || measure.Min > min[column]) (min[column], minRow[column]) = (measure.Min, row);
                if (maxRow[column] is null || measure.Max > max[column]) (max[column], maxRow[column]) = (measure.Max, row);
            }
        var widest = new List<TableRow>();
        foreach (var row in table.Rows)
            if (Array.IndexOf(minRow, row) >= 0 || Array.IndexOf(maxRow, row) >= 0) widest.Add(row);
        return widest;
    }

    /// <summary>The table with only the given rows (the same cells): its heading, title and borders as the whole table's.</summary>
    private static Table Frame(Table table, List<TableRow> rows)
    {
        var frame = new Table
        {
            Border = table.Border, BorderStyle = table.BorderStyle, UseSafeBorder = table.UseSafeBorder, ShowHeaders = table.ShowHeaders,
            ShowRowSeparators = table.ShowRowSeparators, ShowFooters = table.ShowFooters, Expand = table.Expand, Width = table.Width,
            Title = table.Title, Caption = table.Caption,
        };
        foreach (var column in table.Columns) frame.AddColumn(column);
        foreach (var row in rows) frame.AddRow(row);
        return frame;
    }

    /// <summary>
    /// A row's lines as Spectre.Console's <c>TableRenderer</c> draws a body row: each cell drawn at its column's width, as many lines
    /// as its tallest cell, each cell's line between the column's padding, filled with spaces to its width, the border's edges and
    /// separators between. False where a cell drew a line wider than its column, whose row Spectre.Console cuts where its segments stop
    /// fitting: plain text does where the paragraph joins a wrapped line to the text's next one (<c>"ab \ncd"</c> at width 2 is <c>abcd</c>,
    /// <see cref="PlainText"/>), and such a table is left to Spectre.Console.
    /// </summary>
    private static bool Draw(Table table, TableRow row, int[] widths, TableBorder border, RenderOptions options, List<string> lines)
    {
        var cells = new List<string>[widths.Length];
        var height = 1;
        for (var column = 0; column < widths.Length; column++)
        {
            var cell = (MarkupCell)row[column];
            cell.JoinsLines = true;
            cells[column] = CellLines(((IRenderable)cell).Render(options with { Justification = table.Columns[column].Alignment }, widths[column]));
            foreach (var line in cells[column])
                if (line.Length > widths[column]) return false;
            height = Math.Max(height, cells[column].Count);
        }
        var text = new StringBuilder();
        for (var at = 0; at < height; at++)
        {
            text.Clear();
            for (var column = 0; column < widths.Length; column++)
            {
                var padding = table.Columns[column].Padding;
                text.Append(border.GetPart(column == 0 ? TableBorderPart.CellLeft : TableBorderPart.CellSeparator));
                text.Append(' ', padding.GetLeftSafe());
                var line = at < cells[column].Count ? cells[column][at] : "";
                text.Append(line).Append(' ', widths[column] - line.Length);
                text.Append(' ', padding.GetRightSafe());
            }
            text.Append(border.GetPart(TableBorderPart.CellRight));
            lines.Add(text.ToString());
        }
        return true;
    }

    /// <summary>A plain cell's drawing as <see cref="Segment.SplitLines(IEnumerable{Segment})"/> splits it: a line at each line break, the last only if it holds a segment.</summary>
    private static List<string> CellLines(IEnumerable<Segment> drawn)
    {
        var lines = new List<string>();
        string? line = null; // a plain cell's line is one segment (PlainText.RenderLines): joined only if not
        foreach (var segment in drawn)
        {
            if (segment.IsLineBreak)
            {
                lines.Add(line ?? "");
                line = null;
                continue;
            }
            line = line is null ? segment.Text : line + segment.Text;
        }
        if (line is not null) lines.Add(line);
        return lines;
    }

    /// <summary>A drawing's lines, each without its line break (a table ends every line with one).</summary>
    private static List<List<Segment>> Lines(IEnumerable<Segment> drawn)
    {
        var lines = new List<List<Segment>> { new() };
        foreach (var segment in drawn)
        {
            if (segment.IsLineBreak) lines.Add([]);
            else lines[^1].Add(segment);
        }
        if (lines[^1].Count == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>Whether a line Spectre.Console drew is <paramref name="text"/> with no style: the same bytes as one segment of it.</summary>
    private static bool IsPlainLine(List<Segment> line, string text)
    {
        var at = 0;
        foreach (var segment in line)
        {
            if (segment.IsControlCode || !segment.Style.Equals(Style.Plain) || segment.Link is not null) return false;
            if (!text.AsSpan(at).StartsWith(segment.Text, StringComparison.Ordinal)) return false;
            at += segment.Text.Length;
        }
        return at == text.Length;
    }

    private static void AddLine(List<Segment> drawn, List<Segment> line)
    {
        drawn.AddRange(line);
        drawn.Add(Segment.LineBreak);
    }
}
