using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Output;

/// <summary>
/// A table's rows as fields, one a line — <c>Aspect: Designation</c> — under the table's title, a blank line before each
/// row: what a table is drawn as on a terminal too narrow for it to show every field whole (<see cref="TableOrFields"/>).
/// A field of several lines has its heading on a line of its own and its lines under it, indented; an empty field is left
/// out. Each line wraps at the terminal's width, its words folded where they must be, so every character is drawn.
/// </summary>
public static class FieldList
{
    /// <summary>Lines of a field of several lines are indented this much, on a terminal at least <see cref="IndentFrom"/> wide.</summary>
    private const int Indent = 2;
    private const int IndentFrom = 10;

    /// <summary>The rows of a table whose rows were added by <see cref="Cells.AddRow"/>, as the markup they were made of.</summary>
    public static IEnumerable<string[]> Rows(Table table) =>
        table.Rows.Select(row => row.Select(cell => ((MarkupCell)cell).Text).ToArray());

    /// <summary>
    /// The title of <paramref name="heading"/> (if any), then <paramref name="rows"/> under its columns' headings, made as they are
    /// read (<see cref="PagedTable"/> writes a long answer's as they come).
    /// </summary>
    public static IEnumerable<Segment> Render(Table heading, IEnumerable<string[]> rows, RenderOptions options, int maxWidth)
    {
        var labels = Labels(heading, options);
        var first = true;
        foreach (var segment in Title(heading, options, maxWidth)) yield return segment;
        foreach (var row in rows)
        {
            if (!first || heading.Title is not null) yield return Segment.LineBreak;
            first = false;
            foreach (var segment in Row(labels, row, options, maxWidth)) yield return segment;
        }
    }

    /// <summary>The table's title on its own (nothing when it has none).</summary>
    private static IEnumerable<Segment> Title(Table heading, RenderOptions options, int maxWidth) =>
        heading.Title is { } title ? Lines(new MarkupCell(title.Text), options, maxWidth) : [];

    /// <summary>One row's fields; <paramref name="labels"/> are the columns' headings as text (<see cref="Labels"/>).</summary>
    private static IEnumerable<Segment> Row(IReadOnlyList<string> labels, string[] row, RenderOptions options, int maxWidth)
    {
        for (var i = 0; i < row.Length && i < labels.Count; i++)
        {
            var value = row[i];
            if (value.Length == 0) continue;
            var label = Markup.Escape(labels[i]);
            if (!value.Contains('\n'))
            {
                foreach (var segment in Lines(new MarkupCell($"{label}: {value}"), options, maxWidth)) yield return segment;
                continue;
            }
            foreach (var segment in Lines(new MarkupCell($"{label}:"), options, maxWidth)) yield return segment;
            // Indented where the indent leaves the widest word whole: a date or an id is not cut in two for it.
            var lines = new MarkupCell(value);
            var indent = maxWidth >= IndentFrom && lines.WidestWord(options) <= maxWidth - Indent ? Indent : 0;
            var start = true;
            foreach (var segment in Lines(lines, options, maxWidth - indent))
            {
                if (start && indent > 0) yield return new Segment(new string(' ', indent));
                yield return segment;
                start = segment.IsLineBreak;
            }
        }
    }

    /// <summary>The columns' headings as plain text, each on one line.</summary>
    public static IReadOnlyList<string> Labels(Table heading, RenderOptions options) =>
        heading.Columns.Select(column => string.Join(' ', column.Header.Render(options, int.MaxValue / 2)
            .Where(s => !s.IsControlCode).Select(s => s.IsLineBreak ? "\n" : s.Text).Aggregate("", string.Concat)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))).ToList();

    /// <summary>A renderable's lines at <paramref name="maxWidth"/>, each ended by a line break.</summary>
    private static IEnumerable<Segment> Lines(IRenderable renderable, RenderOptions options, int maxWidth)
    {
        var ended = true;
        foreach (var segment in renderable.Render(options, maxWidth))
        {
            yield return segment;
            ended = segment.IsLineBreak;
        }
        if (!ended) yield return Segment.LineBreak;
    }
}
