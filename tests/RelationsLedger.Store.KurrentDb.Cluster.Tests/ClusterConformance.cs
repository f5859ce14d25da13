using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Conformance;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// The store conformance suite, unchanged, against the three-node cluster in KURRENTDB_CLUSTER (with the leader
/// preferred: a follower's reads may trail the leader's writes, which the suite, written for one store, does not allow).
/// </summary>
public sealed class ClusterConformance : EventStoreConformance
{
    protected override string? SkipReason =>
        Environment.GetEnvironmentVariable(ClusterUnderTest.Variable) is { Length: > 0 } ? null : $"{ClusterUnderTest.Variable} is not set: no KurrentDB cluster to test against.";

    protected override async Task<IEventStore> OpenAsync() => await KurrentDbEventStore.ConnectAsync(ClusterUnderTest.Require());
}
