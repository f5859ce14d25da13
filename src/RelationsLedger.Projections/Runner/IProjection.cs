using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// A read model fed by the global log. The runner owns the transaction and the checkpoint; a
/// projection only writes its own tables inside the transaction it is given.
/// </summary>
public interface IProjection
{
    /// <summary>Stable name: the checkpoint's key.</summary>
    string Name { get; }

    /// <summary>The shape of its tables; a stored read model of another version is rebuilt from zero.</summary>
    int Version { get; }

    void CreateSchema(SqliteConnection connection, SqliteTransaction transaction);

    void DropSchema(SqliteConnection connection, SqliteTransaction transaction);

    /// <summary>Applies one event. Throwing stops the runner at this event, with nothing of the event applied.</summary>
    ValueTask ApplyAsync(LedgerEvent e, ProjectionBatch batch, CancellationToken ct);

    /// <summary>
    /// An event of the log that is not the ledger's (<see cref="LedgerEvent.TryDecode"/> says why: <paramref name="unreadable"/>,
    /// the words the feed and <c>verify</c> use), given instead of <see cref="ApplyAsync"/>: the runner goes on past it, and
    /// the projection records it where its answers name it, in the batch's transaction. One event another client of the store
    /// wrote must not stop every question. Throwing stops the runner here, as <see cref="ApplyAsync"/> does. A stream's
    /// tombstone (<see cref="Tombstone"/>), which the runner reads for the projection, comes here too.
    /// </summary>
    void PassOver(RecordedEvent e, string unreadable, ProjectionBatch batch);

    /// <summary>
    /// How many events the projection has passed over (<see cref="PassOver"/>) and how many relationships it holds as not
    /// whole in the log: what <c>projections status</c> reports.
    /// </summary>
    PassedOverCounts PassedOverCounts(SqliteConnection connection);

    /// <summary>Writes whatever the projection buffered for the batch, just before the commit.</summary>
    void Flush(ProjectionBatch batch);

    /// <summary>Drops in-memory state: after a rollback, or when another process moved the checkpoint.</summary>
    void Forget();
}

/// <summary>Events passed over as not the ledger's, and relationships the global log no longer holds whole.</summary>
public readonly record struct PassedOverCounts(long Events, long NotWhole);
