using Microsoft.Data.Sqlite;

namespace RelationsLedger.Sqlite;

/// <summary>
/// One thing a SQLite file's schema holds: a table, view, index or trigger, the table an index or trigger is on, and its
/// definition as SQLite keeps it (null for an index SQLite makes for a table's constraint).
/// </summary>
public sealed record SqliteSchemaObject(string Type, string Name, string Table, string? Sql);

/// <summary>
/// What a SQLite file's schema holds besides SQLite's own objects, so that the embedded store and the read model tell a file of
/// their own (or a new one) from another program's before they write to it. SQLite's own are named <c>sqlite_…</c>, a prefix
/// it reserves (no <c>CREATE</c> can make one, whatever its case). Before, both asked for
/// <c>name NOT LIKE 'sqlite_%'</c>, where <c>_</c> is LIKE's any-character: another program's table <c>sqlitebrowser_settings</c>
/// or <c>SQLiteCache</c> was not seen, and a database holding only such tables, or only views or triggers (not asked for at
/// all), was taken for an empty one and the ledger's tables were written into it.
/// </summary>
public static class SqliteSchemaObjects
{
    /// <summary>The file's objects in name order, read in <paramref name="tx"/> (one moment of the file) when given.</summary>
    public static IReadOnlyList<SqliteSchemaObject> Read(SqliteConnection connection, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
        using var r = cmd.ExecuteReader();
        var objects = new List<SqliteSchemaObject>();
        while (r.Read()) objects.Add(new(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        return objects;
    }

    /// <summary>
    /// The triggers among <paramref name="objects"/>, named for a message ("a trigger that the ledger does not make (t on events)"),
    /// or null when there are none. The ledger makes no trigger in its files; one there runs inside the ledger's own writes.
    /// </summary>
    public static (string Named, IReadOnlyList<SqliteSchemaObject> Triggers)? Triggers(IReadOnlyList<SqliteSchemaObject> objects)
    {
        var triggers = objects.Where(o => o.Type == "trigger").ToList();
        if (triggers.Count == 0) return null;
        var each = string.Join(", ", triggers.Take(8).Select(t => $"{t.Name} on {t.Table}")) + (triggers.Count > 8 ? ", …" : "");
        return ($"{(triggers.Count == 1 ? "a trigger" : $"{triggers.Count} triggers")} that the ledger does not make ({each})", triggers);
    }

    private static readonly string[] Types = ["table", "view", "index", "trigger"];

    /// <summary>The first few objects named for a message: "tables: a, b; views: v" (more than eight end with "…").</summary>
    public static string Describe(IReadOnlyCollection<SqliteSchemaObject> objects) =>
        string.Join("; ", objects.GroupBy(o => o.Type).OrderBy(g => Array.IndexOf(Types, g.Key)).Select(g =>
            $"{g.Key}s: {string.Join(", ", g.Take(8).Select(o => o.Name))}{(g.Count() > 8 ? ", …" : "")}"));
}
