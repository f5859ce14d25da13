using Microsoft.Data.Sqlite;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// A fact row's <c>type</c>: a small integer whose name the table <c>fact_types</c> holds (since schema version 6). One byte in the
/// row and again in the covering index of the changed-between question, where the type's name cost ~16 characters twice: −29
/// bytes of every event's share of the file at 100k (docs/performance.md, round 41). The codes are given in the order a read model
/// first writes each type (<see cref="RowWriter"/>, the one writer of fact rows for the live path and the rebuild alike), not the
/// event catalogue's order, which an event type added later would shift with no schema version to say so; two read models of one
/// ledger may give a type different codes, and every reader goes through the names.
/// </summary>
internal static class FactTypes
{
    /// <summary>
    /// Gives a name its code, or keeps the one it has: in the writer's transaction, which holds the file's write lock, so a
    /// name written meanwhile by another process (a server and a command catching up at once) is seen, not written twice.
    /// </summary>
    public const string Add = "INSERT INTO fact_types (name) VALUES (?1) ON CONFLICT (name) DO NOTHING";

    public const string CodeOf = "SELECT code FROM fact_types WHERE name = ?1";

    /// <summary>The codes of <paramref name="names"/>, for a condition on <c>facts.type</c> (a name never written has none).</summary>
    public static string CodesOf(IEnumerable<string> names) =>
        $"SELECT code FROM fact_types WHERE name IN ({string.Join(", ", names.Select(n => $"'{n.Replace("'", "''", StringComparison.Ordinal)}'"))})";

    /// <summary>Every name by its code: a few dozen rows, read once per question that names facts' types.</summary>
    public static Dictionary<long, string> Names(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT code, name FROM fact_types";
        using var r = cmd.ExecuteReader();
        var names = new Dictionary<long, string>();
        while (r.Read()) names[r.GetInt64(0)] = r.GetString(1);
        return names;
    }

    /// <summary>The name of the code in column <paramref name="column"/>; a code the table does not name is refused, naming the mend.</summary>
    public static string NameOf(Dictionary<long, string> names, SqliteDataReader r, int column)
    {
        if (r.GetValue(column) is long code && names.TryGetValue(code, out var name)) return name;
        throw new InvalidDataException(
            $"A fact's type in the read model is {Described(r.GetValue(column))}, which the table fact_types does not name: the file was changed " +
            "outside the ledger. Make it again with 'ledger projections rebuild'.");
    }

    private static string Described(object value) => value switch
    {
        long code => $"the code {code}",
        string text => $"text of {text.Length} characters",
        byte[] bytes => $"{bytes.Length} bytes",
        double => "a real number",
        _ => "null",
    };
}
