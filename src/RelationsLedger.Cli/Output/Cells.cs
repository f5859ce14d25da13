using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RelationsLedger.Cli.Output;

/// <summary>What goes into a table's cells: text made printable and escaped for markup, columns that never break words.</summary>
public static class Cells
{
    /// <summary>Data as a person reads it: escaped for markup, unprintable characters shown rather than obeyed.</summary>
    public static string Text(string? text) => Markup.Escape(Printable.Text(text));

    /// <summary>Who recorded an event, and under it the API key it was recorded through when it came through the API.</summary>
    public static string RecordedBy(string recordedBy, string? recordedThrough) =>
        recordedThrough is null ? recordedBy : $"{recordedBy}\nthrough key {recordedThrough}";

    /// <summary>
    /// Adds a row of markup cells, each a <see cref="MarkupCell"/>: drawn as <see cref="Table.AddRow(string[])"/> draws its
    /// cells, but with emoji codes shown as written and ending also in a column narrower than one of its characters, where
    /// that drawing never ends. Every table the CLI draws adds its rows here.
    /// </summary>
    public static Table AddRow(Table table, params string[] row)
    {
        var cells = new IRenderable[row.Length];
        for (var i = 0; i < row.Length; i++) cells[i] = new MarkupCell(row[i]);
        return table.AddRow(cells);
    }

    /// <summary>A column of short values (dates, revisions, names of types) that is never wrapped: a word is never cut in two.</summary>
    public static TableColumn Short(string header) => new TableColumn(header).NoWrap();

    /// <summary>An event's fields as <c>name: value</c> lines (nested values as compact JSON), instead of raw JSON.</summary>
    public static string Fields(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object) return Text(data.GetRawText());
        var lines = data.EnumerateObject().Select(p => $"{p.Name}: {p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Null => "—",
            _ => p.Value.GetRawText(),
        }}");
        return Text(string.Join('\n', lines));
    }
}
