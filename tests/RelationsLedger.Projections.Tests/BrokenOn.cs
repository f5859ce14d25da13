using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A projection that cannot apply one event that reads as the ledger's — a bug — until it is <see cref="Fixed"/> (a
/// deployment in real life); everything else goes to <paramref name="inner"/>.
/// </summary>
internal sealed class BrokenOn(Guid eventId, IProjection inner) : IProjection
{
    public bool Fixed { get; set; }
    public string Name => inner.Name;
    public int Version => inner.Version;
    public void CreateSchema(SqliteConnection connection, SqliteTransaction transaction) => inner.CreateSchema(connection, transaction);
    public void DropSchema(SqliteConnection connection, SqliteTransaction transaction) => inner.DropSchema(connection, transaction);
    public void Flush(ProjectionBatch batch) => inner.Flush(batch);
    public void Forget() => inner.Forget();
    public void PassOver(RecordedEvent e, string unreadable, ProjectionBatch batch) => inner.PassOver(e, unreadable, batch);
    public PassedOverCounts PassedOverCounts(SqliteConnection connection) => inner.PassedOverCounts(connection);

    public ValueTask ApplyAsync(LedgerEvent e, ProjectionBatch batch, CancellationToken ct) =>
        !Fixed && e.EventId == eventId ? throw new InvalidDataException("a bug applying this event") : inner.ApplyAsync(e, batch, ct);
}
