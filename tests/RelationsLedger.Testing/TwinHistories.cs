using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Testing;

/// <summary>
/// One seed's history (<see cref="RandomHistory.Commands"/>) recorded twice through the application: on a store under test
/// (a live KurrentDB) and on a fresh embedded store, with the same parties, ids and clock. The ledger decides alone what is
/// accepted, so both must accept and refuse the same requests and hold the same events, hash for hash (a hash covers the
/// stream, the id, the type, the envelope and the data, nothing a store assigns). The read model of the store under test is
/// caught up at random points of the history, by its runner and by a second one (another process).
/// </summary>
public sealed class TwinHistories : IAsyncDisposable
{
    private TwinHistories(TestLedger ledger, RandomHistory history, TestLedger embedded, RandomHistory twin) =>
        (Ledger, History, Embedded, Twin) = (ledger, history, embedded, twin);

    /// <summary>The ledger on the store under test, and its history.</summary>
    public TestLedger Ledger { get; }

    public RandomHistory History { get; }

    /// <summary>The same history on a fresh embedded store.</summary>
    public TestLedger Embedded { get; }

    public RandomHistory Twin { get; }

    public static async Task<TwinHistories> RecordAsync(string store, int seed, int minSteps, int moreSteps)
    {
        var run = Guid.NewGuid();
        var parties = RandomHistory.PartiesOfRun(run, longIds: seed % 3 == 0);
        var ledger = await TestLedger.OpenAsync(store, ManualClock.Fixed());
        var embedded = await TestLedger.OpenAsync(ManualClock.Fixed());
        var history = await RunAsync(ledger, seed, parties, run, minSteps, moreSteps);
        var twin = await RunAsync(embedded, seed, parties, run, minSteps, moreSteps);
        return new(ledger, history, embedded, twin);
    }

    private static async Task<RandomHistory> RunAsync(TestLedger ledger, int seed, string[] parties, Guid run, int minSteps, int moreSteps)
    {
        var rng = new Random(seed);
        var history = RandomHistory.Commands(rng, ledger, parties, run);
        var steps = minSteps + rng.Next(moreSteps);
        for (var i = 0; i < steps; i++)
        {
            await history.AppendOneAsync();
            var roll = rng.NextDouble();
            if (roll < 0.2) await CatchUpOrSkipAsync(ledger.Runner, parties);
            else if (roll < 0.3) await CatchUpOrSkipAsync(ledger.NewRunner(), parties);
        }
        await CatchUpOrSkipAsync(ledger.Runner, parties);
        return history;
    }

    /// <summary>
    /// Catches a read model up, or skips the test when it stops on an event of a relationship that is not among
    /// <paramref name="parties"/>: a server shared with the store's own tests holds events in relationship streams that are
    /// not the ledger's, and the read model rightly stops there (docs/projections.md); run on a server without them. It
    /// stopping on an event of the test's own relationships is a failure.
    /// </summary>
    public static async Task CatchUpOrSkipAsync(ProjectionRunner runner, IReadOnlyList<string> parties)
    {
        try
        {
            await runner.CatchUpAsync();
        }
        catch (ProjectionFailedException stopped) when (!parties.Any(a => parties.Any(b => a != b && RelationshipKey.Of(a, b).StreamName == stopped.Stream)))
        {
            throw new SkipException($"The server holds an event that is not the ledger's ({stopped.Stream}, another test's), where the read model stops: run on a server without them. {stopped.Message}");
        }
    }

    /// <summary>The events of the history's relationships in <paramref name="ledger"/>, in its global order.</summary>
    public async Task<List<LedgerEvent>> EventsOfAsync(TestLedger ledger)
    {
        var events = new List<LedgerEvent>();
        foreach (var key in History.Relationships) events.AddRange(await ledger.EventsAsync(key.StreamName));
        return [.. events.OrderBy(e => e.Recorded.Position)];
    }

    /// <summary>The same requests accepted and refused, the same events in each stream and in the same global order.</summary>
    public async Task AssertSameRecordAsync()
    {
        Assert.Equal(Twin.Outcomes, History.Outcomes);
        Assert.Equal(Twin.Relationships.Select(k => k.ToString()), History.Relationships.Select(k => k.ToString()));
        var (ours, theirs) = (await EventsOfAsync(Ledger), await EventsOfAsync(Embedded));
        Assert.Equal(Twin.Events, theirs.Count);
        Assert.Equal(
            string.Join("\n", theirs.Select(e => $"{e.Recorded.Stream}@{e.Recorded.Revision} {e.Recorded.EventId} {e.Recorded.Type} {e.Envelope.Hash}")),
            string.Join("\n", ours.Select(e => $"{e.Recorded.Stream}@{e.Recorded.Revision} {e.Recorded.EventId} {e.Recorded.Type} {e.Envelope.Hash}")));
    }

    /// <summary>
    /// Moments at which both stores knew the same events: after each event that the next one (in the global order) was
    /// recorded strictly later than, on both stores (a batch, or a fact and its mend, may share one moment).
    /// </summary>
    public async Task<List<(DateTimeOffset Ours, DateTimeOffset Theirs)>> SameKnowledgeMomentsAsync()
    {
        var (ours, theirs) = (await EventsOfAsync(Ledger), await EventsOfAsync(Embedded));
        var moments = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var i = 0; i < ours.Count; i++)
            if (i == ours.Count - 1 || (ours[i + 1].Recorded.RecordedAt > ours[i].Recorded.RecordedAt && theirs[i + 1].Recorded.RecordedAt > theirs[i].Recorded.RecordedAt))
                moments.Add((ours[i].Recorded.RecordedAt, theirs[i].Recorded.RecordedAt));
        return moments;
    }

    public IEnumerable<RelationshipKey> Relationships => History.Relationships;

    public async ValueTask DisposeAsync()
    {
        await Ledger.DisposeAsync();
        await Embedded.DisposeAsync();
    }
}
