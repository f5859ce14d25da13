using Microsoft.Data.Sqlite;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// A store file is in WAL mode (<see cref="Schema.EnsureAsync"/> makes it so). A <c>ledger store upgrade</c> killed in the moments
/// it has the file out of WAL mode leaves it in rollback-journal mode, and its next writer puts it back: in that mode readers and
/// the writer wait on each other, and a later upgrade cannot tell that another process has the file open — leaving WAL mode is
/// refused while one has, which is how it tells (docs/events.md) — so it could rename its copy over a file a server still writes.
/// </summary>
internal static class WalMode
{
    public static async Task PutBackAsync(SqliteConnection connection)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        if (string.Equals(await cmd.ExecuteScalarAsync() as string, "wal", StringComparison.OrdinalIgnoreCase)) return;
        cmd.CommandText = "PRAGMA journal_mode = WAL";
        try
        {
            await cmd.ExecuteScalarAsync();
        }
        catch (SqliteException e) when (SqliteBusy.Is(e))
        {
            // Another connection was reading past the busy timeout: the file reads and writes the same meanwhile, and the next
            // writer this process or another opens tries again.
        }
    }
}
