using System.Text;

namespace RelationsLedger.Import.UsMissions;

/// <summary>A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.</summary>
public static class Csv
{
    public static IEnumerable<string[]> Rows(TextReader reader)
    {
        var field = new StringBuilder();
        var row = new List<string>();
        var quoted = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch != '"') field.Append(ch);
                else if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                yield return [.. row];
                row.Clear();
            }
            else field.Append(ch);
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString().TrimEnd('\r'));
            yield return [.. row];
        }
    }

    /// <summary>Rows as dictionaries by the header's column names; a missing column is an error naming it.</summary>
    public static IEnumerable<(int Line, IReadOnlyDictionary<string, string> Row)> Records(TextReader reader, string source, params string[] required)
    {
        using var rows = Rows(reader).GetEnumerator();
        if (!rows.MoveNext()) throw new FormatException($"{source} is empty: it needs a header row.");
        var header = rows.Current.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        foreach (var column in required)
        {
            if (!header.Contains(column, StringComparer.Ordinal))
                throw new FormatException($"{source} has no column '{column}' (it has: {string.Join(", ", header)}).");
        }
        var line = 1;
        while (rows.MoveNext())
        {
            line++;
            if (rows.Current is [""]) continue;
            var values = rows.Current;
            yield return (line, header.Select((h, i) => (h, v: i < values.Length ? values[i] : "")).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal));
        }
    }
}
