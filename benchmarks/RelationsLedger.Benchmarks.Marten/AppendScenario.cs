using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Benchmarks.Macro;

namespace RelationsLedger.Benchmarks.Marten;

/// <summary>
/// (a) and (b): one event per append, as a command appends, by one writer or by W concurrent writers each owning
/// its share of the streams. Both sides get the same sealed events in the same order, each append checked
/// against the stream's expected version (the ledger's ExpectedRevision, Marten's expected version), and each
/// Marten append in a session of its own, as a request would open one.
/// </summary>
public static class AppendScenario
{
    public static async Task RunAsync(Sides sides, IReadOnlyList<GeneratedEvent> events, int rounds, int writers, Results results, string tag = "")
    {
        var figure = writers == 1 ? "append, 1 event per call, 1 writer" : $"append, 1 event per call, {writers} writers";
        for (var round = 0; round < rounds; round++)
        {
            // Fresh streams each round (the same events under a new prefix); the side that goes first alternates.
            var work = Seal($"{tag}r{writers}x{round}-", events);
            foreach (var ledger in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var prefix = ledger ? "l" : "m";
                var elapsed = await Measure.TimeAsync(() => Task.WhenAll(Shares(work, writers).Select(share => Task.Run(() =>
                    ledger ? LedgerAsync(sides, prefix, share) : MartenAsync(sides, prefix, share)))));
                results.Add(figure, ledger, work.Count, elapsed);
                if (writers == 1 && round == 0) sides.Streams.AddRange(work.Select(w => w.Stream).Distinct().Select(s => prefix + s));
            }
        }
    }

    private static async Task LedgerAsync(Sides sides, string prefix, List<(string Stream, EventData Event)> share)
    {
        var heads = new Dictionary<string, ulong?>(StringComparer.Ordinal);
        foreach (var (stream, e) in share)
        {
            var result = await sides.Ledger.AppendAsync(prefix + stream, ExpectedRevision.After(heads.GetValueOrDefault(stream)), [e]);
            heads[stream] = result.NextExpectedRevision;
        }
    }

    private static async Task MartenAsync(Sides sides, string prefix, List<(string Stream, EventData Event)> share)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (stream, e) in share)
        {
            await using var session = sides.Marten.LightweightSession();
            var next = versions.GetValueOrDefault(stream) + 1;
            if (next == 1) session.Events.StartStream(prefix + stream, LedgerEvent.From(e));
            else session.Events.Append(prefix + stream, next, LedgerEvent.From(e)); // the version after this append
            await session.SaveChangesAsync();
            versions[stream] = next;
        }
    }

    /// <summary>
    /// Seals each stream's events into its hash chain as the ledger does, then interleaves the streams as
    /// independent commands would arrive (the order of <c>macro appendread</c>).
    /// </summary>
    public static List<(string Stream, EventData Event)> Seal(string prefix, IReadOnlyList<GeneratedEvent> events)
    {
        var work = new List<(string, EventData)>();
        foreach (var group in events.GroupBy(e => prefix + e.Key))
        {
            string? hash = null;
            foreach (var e in group)
            {
                (var data, hash) = RelationshipRepository.Seal(group.Key, Guid.NewGuid(), e.Event, e.EffectiveDate, e.Provenance, hash);
                work.Add((group.Key, data));
            }
        }
        return work.Select((w, i) => (w, i)).OrderBy(x => x.i % 97).ThenBy(x => x.i).Select(x => x.w).ToList();
    }

    // Each writer owns the streams that hash to it, so its expected versions are its own to know.
    private static IEnumerable<List<(string Stream, EventData Event)>> Shares(List<(string Stream, EventData Event)> work, int writers) =>
        work.GroupBy(w => (int)((uint)StringComparer.Ordinal.GetHashCode(w.Stream) % (uint)writers)).Select(g => g.ToList());
}
