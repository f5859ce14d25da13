using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Queries;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Queries;

/// <summary>
/// The read model as one answer reads it: a connection holding one read transaction, and the answer's freshness with the
/// position of the checkpoint in that same snapshot. A live runner (<c>ledger serve</c>) applies events between a
/// question's catch-up and its reads; read outside one snapshot, an answer named the position its catch-up reached and
/// held events past it (a service that reads a state and then follows the log after its position would meet those
/// again), and an answer of several reads (across relationships) could mix two states of the file.
/// </summary>
public sealed class ReadModelSnapshot : IDisposable
{
    private ReadModelSnapshot(SqliteConnection connection, ReadModelFreshness freshness) => (Connection, Freshness) = (connection, freshness);

    /// <summary>The connection; every read of the answer goes through it, inside the snapshot.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>How current the answer is; its position is the checkpoint this snapshot holds.</summary>
    public ReadModelFreshness Freshness { get; }

    /// <summary>
    /// Opens a snapshot of the read model: the checkpoint is its first read, which fixes what every later read sees. The
    /// transaction is begun and ended by native statements (every question makes one: a <see cref="SqliteTransaction"/>
    /// and its commands cost ~2 KB a question, round 25 of issue #16); commands made on the connection run inside it.
    /// </summary>
    /// <param name="held">
    /// The connection the question's catch-up checked with and handed over (the snapshot's from then on), or null: one is opened.
    /// Either is a handle of the read model's pool, which the catch-up's would be given back to and this open given again.
    /// </param>
    internal static ReadModelSnapshot Open(ReadModelDatabase database, string projection, int version, ReadModelFreshness freshness, SqliteConnection? held)
    {
        ReadModelSnapshot Begin(SqliteConnection connection)
        {
            using (var begin = new SqliteStatement(connection, "BEGIN DEFERRED")) begin.Execute();
            var (position, deleted) = Runner.Checkpoints.PositionAndDeletedOf(connection, projection, version);
            return new ReadModelSnapshot(connection, (position is null ? freshness : freshness with { Position = position }) with { DeletedFromLog = deleted });
        }
        if (held is null) return database.Open(Begin, End);
        try
        {
            return Begin(held);
        }
        catch
        {
            End(held);
            throw;
        }
    }

    private bool _disposed;

    /// <summary>Ends the read transaction and lets the connection go; again, does nothing.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        End(Connection);
    }

    /// <summary>Never hands a handle back to the pool inside a transaction: the next user would read this snapshot.</summary>
    private static void End(SqliteConnection connection)
    {
        try
        {
            if (connection.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0)
                using (var commit = new SqliteStatement(connection, "COMMIT"))
                    commit.Execute();
        }
        finally
        {
            connection.Dispose();
        }
    }
}
