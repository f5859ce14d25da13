using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Conformance;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>The store conformance suite, unchanged, against the real server in KURRENTDB_CONNECTION_STRING.</summary>
public sealed class KurrentDbConformance : EventStoreConformance
{
    protected override string? SkipReason => ServerUnderTest.SkipReason;

    protected override async Task<IEventStore> OpenAsync() => await KurrentDbEventStore.ConnectAsync(ServerUnderTest.ConnectionString!);
}
