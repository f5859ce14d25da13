using System.Globalization;
using System.Text;
using System.Text.Json;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>
/// A panel written as it is read: CSV (RFC 4180: a header line, CRLF line ends, a field quoted when it holds a comma,
/// a quote or a line end) or NDJSON (one JSON object per row, the same names; counts as numbers, an empty value as null).
/// Dates are YYYY-MM-DD; certainty is <c>certain</c> or <c>possible</c>.
/// </summary>
public static class PanelFormats
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string NdjsonContentType = "application/x-ndjson; charset=utf-8";

    /// <summary>How often (in rows) <c>progress</c> hears how many rows are written.</summary>
    public const int ProgressEvery = 1000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteCsvAsync(PanelAnswer panel, Stream output, Action<long>? progress = null, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(output, Utf8, 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', PanelColumns.Header(panel.Plan.Columns).Select(Field)));
        var line = new StringBuilder();
        long rows = 0;
        await foreach (var row in panel.Rows.WithCancellation(ct))
        {
            line.Clear().Append(Field(row.Relationship)).Append(',').Append(Field(row.PartyA)).Append(',').Append(Field(row.PartyB))
                .Append(',').Append(Day(row.Date));
            for (var i = 0; i < row.Cells.Count; i++)
            {
                var cell = row.Cells[i];
                line.Append(',');
                if (panel.Plan.Columns[i].Cell == PanelCellKind.Value) line.Append(Field(cell.Value ?? ""));
                else line.Append(cell.Count.ToString(CultureInfo.InvariantCulture));
                line.Append(',').Append(Names.Of(cell.Certainty));
            }
            await writer.WriteLineAsync(line, ct);
            if (++rows % ProgressEvery == 0) progress?.Invoke(rows);
        }
        progress?.Invoke(rows);
    }

    public static async Task WriteNdjsonAsync(PanelAnswer panel, Stream output, Action<long>? progress = null, CancellationToken ct = default)
    {
        var buffer = new MemoryStream();
        var options = new JsonWriterOptions { Encoder = LedgerJson.Answers.Encoder };
        long rows = 0;
        await foreach (var row in panel.Rows.WithCancellation(ct))
        {
            await using (var json = new Utf8JsonWriter(buffer, options))
            {
                json.WriteStartObject();
                json.WriteString(PanelColumns.Relationship, row.Relationship);
                json.WriteString(PanelColumns.PartyA, row.PartyA);
                json.WriteString(PanelColumns.PartyB, row.PartyB);
                json.WriteString(PanelColumns.Date, Day(row.Date));
                for (var i = 0; i < row.Cells.Count; i++)
                {
                    var (column, cell) = (panel.Plan.Columns[i], row.Cells[i]);
                    if (column.Cell != PanelCellKind.Value) json.WriteNumber(column.Name, cell.Count);
                    else if (cell.Value is null) json.WriteNull(column.Name);
                    else json.WriteString(column.Name, cell.Value);
                    json.WriteString(column.CertaintyName, Names.Of(cell.Certainty));
                }
                json.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            if (buffer.Length >= 1 << 16) await Drain(buffer, output, ct);
            if (++rows % ProgressEvery == 0) progress?.Invoke(rows);
        }
        await Drain(buffer, output, ct);
        progress?.Invoke(rows);
    }

    private static async Task Drain(MemoryStream buffer, Stream output, CancellationToken ct)
    {
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        buffer.SetLength(0);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A CSV field: quoted, with its quotes doubled, when it holds a comma, a quote or a line end.</summary>
    public static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
