using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Conformance;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>The store conformance suite on a real SQLite file.</summary>
public sealed class SqliteConformance : EventStoreConformance, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override async Task<IEventStore> OpenAsync() => await SqliteEventStore.OpenAsync(_folder.File("ledger.db"));

    public void Dispose() => _folder.Dispose();
}
