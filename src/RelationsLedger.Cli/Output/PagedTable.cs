using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// A table of any length, drawn a page of rows at a time. Spectre.Console measures and holds every row of a table
/// before it draws the first: <c>changed</c> over all time at a million events took 4.5 GB and two minutes to draw.
/// A table of up to a page is drawn as one; a longer one is read twice — once to find, in each column, the row whose
/// cell is widest and the row whose cell cannot be narrower (what the table's column widths are made of), then to draw
/// each page together with those rows, which makes every page's columns those of the whole table; what is drawn of a
/// page is its rows, the first page's heading and the last page's bottom border, so the pages join into the table one
/// would have drawn. The rows are markup, as <see cref="Cells.AddRow"/> takes them. Where the table would not show every
/// field of every row whole, its rows are written a field a line instead (<see cref="TableOrFields"/>, <see cref="FieldList"/>).
/// </summary>
public static class PagedTable
{
    public const int PageRows = 1_000;

    /// <param name="wholeValues">Wrapped columns whose values must not be cut mid-word (<see cref="TableOrFields"/>).</param>
    public static void Write(IAnsiConsole console, Func<Table> heading, IEnumerable<string[]> rows, int pageRows = PageRows, IReadOnlySet<int>? wholeValues = null)
    {
        var first = new List<string[]>(Math.Min(pageRows, 64));
        var widest = new Widest(RenderOptions.Create(console, console.Profile.Capabilities));
        using var each = rows.GetEnumerator();
        while (first.Count <= pageRows && each.MoveNext())
        {
            first.Add(each.Current);
            widest.Measure(each.Current);
        }
        if (first.Count <= pageRows)
        {
            console.Write(new TableOrFields(WithRows(heading(), first), wholeValues));
            return;
        }
        while (each.MoveNext()) widest.Measure(each.Current);

        // Lines of the widest rows alone (E) and twice (E + R): R lines are theirs, H lines come before any row.
        var widestTable = WithRows(heading(), widest.Rows);
        var alone = LinesOf(console, widestTable);
        if (!ShowsEveryField(console, widestTable, rows, wholeValues))
        {
            WriteFields(console, heading(), rows, pageRows);
            return;
        }
        var twice = LinesOf(console, WithRows(WithRows(heading(), widest.Rows), widest.Rows));
        var theirs = twice.Count - alone.Count;
        var head = alone.Count - theirs - 1;
        var drawnHead = false;
        foreach (var page in rows.Chunk(pageRows))
        {
            var lines = LinesOf(console, WithRows(WithRows(heading(), page), widest.Rows));
            var from = drawnHead ? head : 0;
            console.Write(new Lines(lines, from, lines.Count - theirs - 1 - from));
            drawnHead = true;
        }
        console.Write(new Lines(alone, alone.Count - 1, 1));
    }

    /// <summary>
    /// Whether every page would show every field of its rows whole. The widest rows, just drawn in <paramref name="widestTable"/>,
    /// set every page's column widths and hold each column's widest word, so their drawing answers for every row but one
    /// thing: a character wider than its column, which only a column narrower than its widest word can meet — there each
    /// row's cell is measured by its characters (a narrow terminal only).
    /// </summary>
    private static bool ShowsEveryField(IAnsiConsole console, Table widestTable, IEnumerable<string[]> rows, IReadOnlySet<int>? wholeValues)
    {
        var options = RenderOptions.Create(console, console.Profile.Capabilities);
        if (!TableOrFields.ShowsEveryField(widestTable, options, wholeValues)) return false;
        var widths = new int[widestTable.Columns.Count];
        var folded = new List<int>();
        foreach (var row in widestTable.Rows)
        {
            var column = 0;
            foreach (var cell in row.Cast<MarkupCell>())
            {
                widths[column] = cell.DrawnWidth;
                if (cell.WidestWord(options) > cell.DrawnWidth && !folded.Contains(column)) folded.Add(column);
                column++;
            }
        }
        if (folded.Count == 0) return true;
        foreach (var row in rows)
            foreach (var column in folded)
                if (!new MarkupCell(row[column]).FitsEveryCharacter(options, widths[column])) return false;
        return true;
    }

    /// <summary>
    /// The rows a field a line, as <see cref="FieldList.Render"/> makes them, written a page of lines at a time as they are made:
    /// a long answer is not held whole.
    /// </summary>
    private static void WriteFields(IAnsiConsole console, Table heading, IEnumerable<string[]> rows, int pageLines)
    {
        var options = RenderOptions.Create(console, console.Profile.Capabilities);
        var lines = new List<List<Segment>>();
        var line = new List<Segment>();
        foreach (var segment in FieldList.Render(heading, rows, options, console.Profile.Width))
        {
            if (!segment.IsLineBreak)
            {
                line.Add(segment);
                continue;
            }
            lines.Add(line);
            line = [];
            if (lines.Count < pageLines) continue;
            console.Write(new Lines(lines, 0, lines.Count));
            lines = [];
        }
        if (line.Count > 0) lines.Add(line);
        console.Write(new Lines(lines, 0, lines.Count));
    }

    private static Table WithRows(Table table, IEnumerable<string[]> rows)
    {
        foreach (var row in rows) Cells.AddRow(table, row);
        return table;
    }

    /// <summary>A drawn table's lines (a table ends each line with a line break segment, the last one too).</summary>
    private static List<List<Segment>> LinesOf(IAnsiConsole console, IRenderable table)
    {
        var lines = new List<List<Segment>> { new() };
        foreach (var segment in table.GetSegments(console))
        {
            if (segment.IsLineBreak) lines.Add([]);
            else if (segment.IsControlCode || !segment.Text.Contains('\n')) lines[^1].Add(segment);
            else
            {
                var parts = segment.Text.Split('\n');
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0) lines.Add([]);
                    if (parts[i].Length > 0) lines[^1].Add(new Segment(parts[i], segment.Style));
                }
            }
        }
        if (lines[^1].Count == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>Per column, the row whose cell is widest and the row whose cell's narrowest fit is widest: a column is measured by these two.</summary>
    private sealed class Widest(RenderOptions options)
    {
        private (int Min, string[] Row)[] _min = [];
        private (int Max, string[] Row)[] _max = [];

        public IEnumerable<string[]> Rows => _min.Select(m => m.Row).Concat(_max.Select(m => m.Row)).Distinct();

        public void Measure(string[] row)
        {
            if (_min.Length == 0) (_min, _max) = (new (int, string[])[row.Length], new (int, string[])[row.Length]);
            for (var i = 0; i < row.Length; i++)
            {
                var m = ((IRenderable)new MarkupCell(row[i])).Measure(options, int.MaxValue / 2); // as the cell is drawn (Cells.AddRow)
                if (_min[i].Row is null || m.Min > _min[i].Min) _min[i] = (m.Min, row);
                if (_max[i].Row is null || m.Max > _max[i].Max) _max[i] = (m.Max, row);
            }
        }
    }

    /// <summary>Some lines of a drawn table, each ended as the table ends it.</summary>
    private sealed class Lines(List<List<Segment>> lines, int from, int count) : Renderable
    {
        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            foreach (var line in lines.Skip(from).Take(count))
            {
                foreach (var segment in line) yield return segment;
                yield return Segment.LineBreak;
            }
        }
    }
}
