using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// A table of <see cref="MarkupCell"/> rows, drawn as Spectre.Console draws it where that drawing shows every field of every
/// row whole, and as its rows a field a line (<see cref="FieldList"/>) where it would not. Spectre.Console 0.57 fits a table
/// too wide for the terminal by narrowing its wrapped columns down to one cell, then taking what is still too wide from every
/// column evenly (<c>TableMeasurer.CalculateColumnWidths</c>, its "last resort" <c>Ratio.Reduce</c>): a column whose width is
/// at most its share of the excess is given none, and its heading and cells are not drawn at all, silently; a column of dates
/// or ids is cut mid-value (<c>2003-02-1</c> over <c>4</c>); narrower than its borders, the whole table is <c>…</c>
/// (docs/performance.md, round 60); a column narrower than a word of its heading has the heading cut (<c>Act…</c>), so which
/// field it holds is not said. At every width where none of that happens the drawing is the table's own, byte for byte.
/// </summary>
/// <param name="wholeValues">Wrapped columns whose values must not be cut mid-word all the same (the across tables' dates and
/// ids); columns that are never wrapped (<see cref="TableColumn.NoWrap"/>) are always held to that.</param>
public sealed class TableOrFields(Table table, IReadOnlySet<int>? wholeValues = null) : Renderable
{
    protected override Measurement Measure(RenderOptions options, int maxWidth) => ((IRenderable)table).Measure(options, maxWidth);

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        // Plain cells' lines each one segment (PlainText.RenderLines), unless a cell drew a line wider than its column: then its row
        // may be wider than the console, which Spectre.Console cuts where the row's segments stop fitting, so the pieces decide it.
        // A table of plain rows has its rows written by PlainTable, the rest drawn by Spectre.Console (round 66).
        var segments = PlainTable.Render(table, options, maxWidth) ?? Drawn(options, maxWidth, joined: true);
        if (Cells().Any(cell => cell.DrawnWider)) segments = Drawn(options, maxWidth, joined: false);
        return ShowsEveryField(table, options, wholeValues) ? segments : FieldList.Render(table, FieldList.Rows(table), options, maxWidth);
    }

    /// <summary>The table drawn now (the cells note the widths they are drawn at), its plain cells' lines joined or in pieces.</summary>
    private List<Segment> Drawn(RenderOptions options, int maxWidth, bool joined)
    {
        foreach (var cell in Cells()) cell.JoinsLines = joined;
        var drawn = ((IRenderable)table).Render(options, maxWidth);
        return drawn as List<Segment> ?? [.. drawn];
    }

    private IEnumerable<MarkupCell> Cells() => table.Rows.SelectMany(row => row).OfType<MarkupCell>();

    /// <summary>
    /// Whether the table, just drawn, drew every cell of every row whole: each at a width above none, each character as
    /// itself, and in a column of values that are never wrapped (<paramref name="wholeValues"/>) no word cut in two; and every
    /// column's heading whole. A table too narrow for its borders draws no cell.
    /// </summary>
    public static bool ShowsEveryField(Table table, RenderOptions options, IReadOnlySet<int>? wholeValues)
    {
        foreach (var row in table.Rows)
        {
            var column = 0;
            foreach (var item in row)
            {
                if (item is not MarkupCell cell) throw new InvalidOperationException("a table's rows are added by Cells.AddRow");
                if (cell.DrawnWidth <= 0 || cell.DrawnCut) return false;
                if (IsWhole(table, column, wholeValues) && cell.WidestWord(options) > cell.DrawnWidth) return false;
                column++;
            }
        }
        return table.Rows.Count == 0 || HeadingsWhole(table, options);
    }

    /// <summary>
    /// Whether each column's heading fits its column, word by word. Spectre.Console cuts a heading word wider than its column
    /// to <c>…</c> (<c>Act…</c>, <c>Si…</c>): the cells are all there, but which field a column holds is not said — the field
    /// list names each (round 60, after the re-read). The column's width is the one its cells were just drawn at.
    /// </summary>
    private static bool HeadingsWhole(Table table, RenderOptions options)
    {
        var cells = ((IReadOnlyList<TableRow>)table.Rows)[0];
        var column = 0;
        foreach (var cell in cells.Cast<MarkupCell>())
            if (table.Columns[column++].Header.Measure(options, int.MaxValue / 2).Min > cell.DrawnWidth) return false;
        return true;
    }

    /// <summary>Whether a column's values must be drawn without a word cut in two.</summary>
    public static bool IsWhole(Table table, int column, IReadOnlySet<int>? wholeValues) =>
        table.Columns[column].NoWrap || wholeValues?.Contains(column) == true;
}
