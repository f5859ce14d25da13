using System.Text;

namespace RelationsLedger.Import.UsMissions;

/// <summary>
/// A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. Strict where a lenient reader
/// would guess: a quote stands only around a whole field (or doubled inside one), every row has the header's number of
/// fields (a truncated line or an unquoted comma is an error, not a row filled with empty fields or cut short) and a file
/// may not end inside a quoted field.
/// </summary>
public static class Csv
{
    /// <summary>The records of <paramref name="source"/>, each with the line of the file it starts on (a quoted field may span lines).</summary>
    public static IEnumerable<(int Line, string[] Values)> Rows(TextReader reader, string source)
    {
        var field = new StringBuilder();
        var row = new List<string>();
        // Inside quotes; after a quoted field's closing quote; before the field's first character.
        var (quoted, closed, fresh) = (false, false, true);
        var (line, start) = (1, 1);
        string Where() => $"{source} line {line}, field {row.Count + 1}";
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (ch == '\n') line++;
            if (quoted)
            {
                if (ch != '"') field.Append(ch);
                else if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                else (quoted, closed) = (false, true);
            }
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
                (closed, fresh) = (false, true);
            }
            else if (ch == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                yield return (start, [.. row]);
                row.Clear();
                (closed, fresh, start) = (false, true, line);
            }
            // RFC 4180 has a quote only around a whole field, and inside one written twice: any other quote is a mistake
            // of the file, which a lenient reader would drop from the text it records.
            else if (closed && ch != '\r')
                throw new FormatException($"{Where()}: the field goes on after its closing quote; a quote inside a quoted field is written twice (\"\").");
            else if (ch == '"')
            {
                if (!fresh) throw new FormatException($"{Where()}: a quote inside a field that does not start with one; quote the whole field and write the quote twice (\"a \"\"word\"\"\").");
                (quoted, fresh) = (true, false);
            }
            else
            {
                field.Append(ch);
                fresh = false;
            }
        }
        if (quoted) throw new FormatException($"{source} line {start} ends inside a quoted field: its closing quote is missing (a truncated file?).");
        if (field.Length > 0 || row.Count > 0 || closed)
        {
            row.Add(field.ToString().TrimEnd('\r'));
            yield return (start, [.. row]);
        }
    }

    /// <summary>
    /// Rows as dictionaries by the header's column names; a missing column is an error naming it. A row of another width is
    /// thrown, or, when <paramref name="goOn"/>, given as its <c>Problem</c> (with no <c>Row</c>) and the rows after it read:
    /// its line ends where it ends, so the next row is found as surely as after a good one.
    /// </summary>
    public static IEnumerable<(int Line, IReadOnlyDictionary<string, string>? Row, string? Problem)> Records(TextReader reader, string source,
        string[] required, bool goOn = false)
    {
        using var rows = Rows(reader, source).GetEnumerator();
        if (!rows.MoveNext()) throw new FormatException($"{source} is empty: it needs a header row.");
        var header = rows.Current.Values.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        // A column named twice (pasted twice, or two left unnamed): which one holds a row's value cannot be told. Before
        // round 54 it ended the import with "unexpected error: ArgumentException … This is a bug" (the rows' dictionaries).
        if (header.Select((name, i) => (name, column: i + 1)).GroupBy(c => c.name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new FormatException($"{source} names the column '{twice.Key}' (columns {string.Join(" and ", twice.Select(c => c.column))}) {(twice.Count() == 2 ? "twice" : $"{twice.Count()} times")}: " +
                "which of them holds a row's value cannot be told; remove the one that does not.");
        foreach (var column in required)
        {
            if (!header.Contains(column, StringComparer.Ordinal))
                throw new FormatException($"{source} has no column '{column}' (it has: {string.Join(", ", header)}).");
        }
        while (rows.MoveNext())
        {
            var (line, values) = rows.Current;
            if (values is [""]) continue;
            if (values.Length != header.Length)
            {
                var problem = $"{source} line {line} has {values.Length} fields where the header has {header.Length}: a truncated line, or a comma in a field that is not quoted?";
                if (!goOn) throw new FormatException(problem);
                yield return (line, null, problem);
                continue;
            }
            yield return (line, header.Select((h, i) => (h, v: values[i])).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal), null);
        }
    }
}
