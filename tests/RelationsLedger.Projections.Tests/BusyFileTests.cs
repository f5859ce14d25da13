using Microsoft.Data.Sqlite;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Testing;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A native statement on a file another connection holds locked waits for it, as the <see cref="SqliteCommand"/> it
/// replaced did (up to the connection's timeout), rather than failing at once with 'database is locked'. Before: the
/// catch-up's schema check, made native in round 24, failed when two runners opened a new read model together
/// (RunnerTests.Two_runners_on_one_read_model_never_apply_an_event_twice, once in CI).
/// </summary>
public sealed class BusyFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 't'")] // a read: met while the file's journal mode changes
    [InlineData("INSERT INTO t VALUES (2)")] // a write: met while another connection writes
    public async Task A_statement_on_a_locked_file_waits_for_the_lock_instead_of_failing(string sql)
    {
        var path = _folder.File("busy.db");
        await using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using (var create = holder.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
            create.ExecuteNonQuery();
        }
        using (var lockAll = holder.CreateCommand())
        {
            // A rollback journal in exclusive locking mode keeps the write lock its first write took: no reader, no writer.
            lockAll.CommandText = "PRAGMA locking_mode = EXCLUSIVE; UPDATE t SET x = x;";
            lockAll.ExecuteNonQuery();
        }

        await using var waiter = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=20");
        waiter.Open();
        var release = Task.Run(async () =>
        {
            await Task.Delay(300);
            using var normal = holder.CreateCommand();
            normal.CommandText = "PRAGMA locking_mode = NORMAL; SELECT count(*) FROM t;"; // the lock goes at the next read
            normal.ExecuteScalar();
        });
        using (var statement = new SqliteStatement(waiter, sql))
            statement.Execute();
        await release;
    }

    public void Dispose() => _folder.Dispose();
}
