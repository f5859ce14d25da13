using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Queries;

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
    private readonly SqliteTransaction _read;

    private ReadModelSnapshot(SqliteConnection connection, SqliteTransaction read, ReadModelFreshness freshness) =>
        (Connection, _read, Freshness) = (connection, read, freshness);

    /// <summary>The connection; every read of the answer goes through it, inside the snapshot.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>How current the answer is; its position is the checkpoint this snapshot holds.</summary>
    public ReadModelFreshness Freshness { get; }

    /// <summary>Opens a snapshot of the read model: the checkpoint is its first read, which fixes what every later read sees.</summary>
    internal static ReadModelSnapshot Open(ReadModelDatabase database, string projection, int version, ReadModelFreshness freshness)
    {
        var connection = database.Open();
        SqliteTransaction? read = null;
        try
        {
            read = connection.BeginTransaction(deferred: true);
            if (Runner.Checkpoints.Read(connection, projection) is { } at && at.Version == version)
                freshness = freshness with { Position = at.Position?.ToString() ?? "start" };
            return new(connection, read, freshness);
        }
        catch
        {
            read?.Dispose();
            connection.Dispose();
            throw;
        }
    }

    private bool _disposed;

    /// <summary>Ends the read transaction and lets the connection go; again, does nothing.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _read.Dispose();
        Connection.Dispose();
    }
}
