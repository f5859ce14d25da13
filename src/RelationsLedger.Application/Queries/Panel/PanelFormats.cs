using System.Globalization;
using System.Text;
using System.Text.Json;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

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

    /// <summary>Each certainty's word, made once: a panel writes one per cell.</summary>
    private static readonly string[] CertaintyWords = Enum.GetValues<Certainty>().Select(c => Names.Of(c)).ToArray();

    private static string Word(Certainty c) => CertaintyWords[(int)c];

    public static async Task WriteCsvAsync(PanelAnswer panel, Stream output, Action<long>? progress = null, CancellationToken ct = default)
    {
        // Rows are formatted into one buffer and written in chunks: a write per row would cost more than the row.
        var text = new StringBuilder(1 << 16);
        text.AppendJoin(',', PanelColumns.Header(panel.Plan.Columns).Select(Field)).Append("\r\n");
        var columns = panel.Plan.Columns;
        long rows = 0;
        await foreach (var row in panel.Rows.WithCancellation(ct))
        {
            text.Append(Field(row.Relationship)).Append(',').Append(Field(row.PartyA)).Append(',').Append(Field(row.PartyB)).Append(',')
                .Append(CultureInfo.InvariantCulture, $"{row.Date:yyyy-MM-dd}");
            for (var i = 0; i < row.Cells.Count; i++)
            {
                var cell = row.Cells[i];
                text.Append(',');
                if (columns[i].Cell == PanelCellKind.Value) text.Append(Field(AsText(cell.Value ?? "")));
                else text.Append(cell.Count);
                text.Append(',').Append(Word(cell.Certainty));
            }
            text.Append("\r\n");
            if (text.Length >= 1 << 15) await Drain(text, output, ct);
            if (++rows % ProgressEvery == 0) progress?.Invoke(rows);
        }
        await Drain(text, output, ct);
        progress?.Invoke(rows);
    }

    private static async Task Drain(StringBuilder text, Stream output, CancellationToken ct)
    {
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(Utf8.GetMaxByteCount(text.Length));
        try
        {
            var n = 0;
            foreach (var chunk in text.GetChunks()) n += Utf8.GetBytes(chunk.Span, bytes.AsSpan(n));
            await output.WriteAsync(bytes.AsMemory(0, n), ct);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
        text.Clear();
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
                    json.WriteString(column.CertaintyName, Word(cell.Certainty));
                }
                json.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            if (buffer.Length >= 1 << 16) await DrainBytes(buffer, output, ct);
            if (++rows % ProgressEvery == 0) progress?.Invoke(rows);
        }
        await DrainBytes(buffer, output, ct);
        progress?.Invoke(rows);
    }

    private static async Task DrainBytes(MemoryStream buffer, Stream output, CancellationToken ct)
    {
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        buffer.SetLength(0);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A recorded value as a spreadsheet shows text: one beginning with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
    /// carriage return (a name a recorder typed) gets a leading apostrophe, else Excel and LibreOffice read it as a formula
    /// (CSV injection: <c>=HYPERLINK(…)</c> sends the sheet's cells elsewhere when clicked). No value the ledger makes
    /// itself (levels, forms, statuses) begins so; NDJSON keeps every value as recorded (docs/panel.md).
    /// </summary>
    private static string AsText(string value) =>
        value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;

    /// <summary>A CSV field: quoted, with its quotes doubled, when it holds a comma, a quote or a line end.</summary>
    public static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
