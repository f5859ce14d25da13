using System.Text;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// Whether the store's own tables and indexes are defined as the ledger defines them. A definition is SQL kept in the file, and
/// SQLite obeys it on every read and write without a row changing: with <c>stream … COLLATE NOCASE</c> written into the event
/// table's definition (sqlite3's <c>PRAGMA writable_schema</c>, then <c>REINDEX</c>), <c>ledger verify</c> said OK — it reads the
/// log whole, in order — while <c>history ru taliban</c> listed the events of <c>RU~taliban</c> as the organisation ru's (before
/// round 65). So did a view in the event table's place filtering rows, and a conflict rule (<c>ON CONFLICT REPLACE</c>) that turns
/// a refused append into the deletion of the event it collided with. The ledger has made these definitions in two forms since
/// its first version (<see cref="Schema.EventsTable"/>: version 1 and 2, and the compact layout of 3 and 4 with its two indexes),
/// word for word; they are compared with comments and spacing left out, which SQLite keeps as they were typed.
/// Other objects (another index, another table) stay allowed: they cannot act inside the ledger's reads and writes.
/// </summary>
internal static class OwnDefinitions
{
    private static readonly string Events = Normal(Schema.EventsTable(compact: false));
    private static readonly string CompactEvents = Normal(Schema.EventsTable(compact: true));
    private static readonly string Ledger = Normal(Schema.LedgerTable);
    private static readonly string[] Own = ["events", "ledger", "events_event_id", "events_stream_revision"];
    private static readonly Dictionary<string, string> CompactIndexes = Schema.CompactIndexes
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(Normal).ToDictionary(sql => sql.Split(' ')[3], StringComparer.Ordinal); // CREATE UNIQUE INDEX <name> ON …

    /// <summary>Why the file's own definitions are not the ledger's (null when they are, or when it has none yet), among the <paramref name="objects"/> its schema holds.</summary>
    public static string? Problem(IReadOnlyList<SqliteSchemaObject> objects, string path)
    {
        // A loop, not LINQ to a tuple: this runs in every cold question, whose generic instantiations the JIT would make (ColdQuestionShapeTests).
        var found = new Dictionary<string, Definition>(StringComparer.Ordinal);
        foreach (var o in objects)
            if (Array.IndexOf(Own, o.Name) >= 0) found[o.Name] = new Definition(o.Type, Normal(o.Sql ?? ""));
        if (!found.TryGetValue("events", out var events)) return null;
        var compact = events.Sql == CompactEvents;
        if (events.Type != "table" || (!compact && events.Sql != Events))
            return Altered(path, "events", events.Type == "table" ? $"its event table {NotDefined}" : $"its event table is a {events.Type}");
        if (found.TryGetValue("ledger", out var ledger) && (ledger.Type != "table" || ledger.Sql != Ledger))
            return Altered(path, "ledger", $"its table ledger (the ledger's identity) {NotDefined}");
        if (!compact) return null;
        foreach (var (name, sql) in CompactIndexes)
            if (!found.TryGetValue(name, out var index))
                return Altered(path, "events", $"its unique index {name} on the event table is missing");
            else if (index.Type != "index" || index.Sql != sql)
                return Altered(path, name, $"its unique index {name} {NotDefined}");
        return null;
    }

    private sealed record Definition(string Type, string Sql);

    private const string NotDefined = "is not defined as the ledger defines it";

    private static string Altered(string path, string name, string problem) =>
        $"{problem} (sqlite3 {path} \".schema {name}\" shows what it holds). A definition is obeyed " +
        "by every read and write without a row changing — a collation makes one relationship's events answer for another's, a conflict " +
        "rule turns a refused write into a deletion, a view shows what it chooses — and 'ledger verify' cannot see it. It was not opened " +
        "or changed: put the store back from a backup, or ask whoever gave you the file";

    /// <summary>
    /// A definition without its comments (<c>-- …</c> to the line's end) and its spacing (runs of white space as one space, none
    /// beside a parenthesis or comma), as SQLite keeps it: without <c>IF NOT EXISTS</c> and the closing semicolon. SQLite keeps both as typed, and
    /// neither changes what it does.
    /// </summary>
    private static string Normal(string sql)
    {
        var text = new StringBuilder(sql.Length);
        for (var i = 0; i < sql.Length; i++)
        {
            var ch = sql[i];
            if (ch == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i + 1 < sql.Length && sql[i + 1] != '\n') i++;
                ch = ' ';
            }
            if (char.IsWhiteSpace(ch))
            {
                if (text.Length > 0 && text[^1] is not (' ' or '(' or ',')) text.Append(' ');
                continue;
            }
            if (ch is ')' or ',' or '(' && text.Length > 0 && text[^1] == ' ') text.Length--;
            text.Append(ch);
        }
        return text.ToString().Trim().TrimEnd(';').Replace("IF NOT EXISTS ", "", StringComparison.Ordinal);
    }
}
