using System.Net;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A question answered from the read model as it stands, because the event store did not answer within
/// <c>Api:QueryWaitSeconds</c> or could not be reached: how far behind the read model is cannot be told then. Before round 44
/// the answer said <c>"behind": 0</c> all the same, which a client reads as current; now <c>behindKnown</c> is false beside it.
/// </summary>
public sealed class StaleAnswerTests
{
    [Theory]
    [InlineData(Outage.Stall, "The read model could not catch up with the event store within 1 s")]
    [InlineData(Outage.Unreachable, "The event store cannot be reached, so events recorded since")]
    public async Task An_answer_whose_store_did_not_answer_says_how_far_behind_is_not_known_not_0(Outage outage, string failure)
    {
        OutagedReads? store = null;
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:QueryWaitSeconds"] = "1" },
            openStore: async path => store = new OutagedReads(await Store.Sqlite.SqliteEventStore.OpenAsync(path)));
        using (var recorded = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "Before the outage.")))
            await recorded.ReadJsonAsync(HttpStatusCode.Created);
        var before = (await server.GetJsonAsync("/relationships/RU/AF/state"))["readModel"]!;
        Assert.Equal((true, 0, true), ((bool)before["isCurrent"]!, (long)before["behind"]!, (bool)before["behindKnown"]!));

        using (var recorded = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "During the outage.")))
            await recorded.ReadJsonAsync(HttpStatusCode.Created);
        store!.Outage = outage;
        var stale = (await server.GetJsonAsync("/relationships/RU/AF/state"))["readModel"]!;
        store.Outage = Outage.None;

        Assert.StartsWith(failure, (string)stale["failure"]!, StringComparison.Ordinal);
        Assert.False((bool)stale["isCurrent"]!, stale.ToJsonString());
        // The shape only grows: "behind" stays a number (the least it may be), and "behindKnown" says it is no count.
        Assert.Equal(0, (long)stale["behind"]!);
        Assert.False((bool)stale["behindKnown"]!, stale.ToJsonString());

        var after = (await server.GetJsonAsync("/relationships/RU/AF/state"))["readModel"]!;
        Assert.Equal((true, true), ((bool)after["isCurrent"]!, (bool)after["behindKnown"]!));
    }

    public enum Outage { None, Stall, Unreachable }

    /// <summary>The embedded store whose reads of the log hang until given up, or fail as a store out of reach does, while a test says so.</summary>
    private sealed class OutagedReads(IEventStore inner) : DelegatingStore(inner)
    {
        public volatile Outage Outage;

        public override IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, StreamFilter filter, CancellationToken ct = default) =>
            Outage == Outage.None ? base.ReadAllAsync(after, maxCount, filter, ct) : Failing(Outage, ct);

        private static async IAsyncEnumerable<RecordedEvent> Failing(Outage outage, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            if (outage == Outage.Unreachable) throw new StoreUnavailableException("The event store at 127.0.0.1:1 refused the connection.");
            await Task.Delay(Timeout.Infinite, ct);
            yield break;
        }
    }
}
