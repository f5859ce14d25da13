using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Benchmarks.Macro;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Benchmarks.Marten;

/// <summary>
/// (d): a projection rebuild over the same log. The ledger: the generated events under their real relationship
/// streams in a fresh file, then <see cref="ProjectionRunner.RebuildAsync"/> (drops its read model and projects
/// the whole log into its tables of relationships, item versions and facts: every relationship's state at every
/// date). Marten: the same events in a schema of
/// their own, then the daemon's <c>RebuildProjectionAsync</c> of <see cref="SummaryProjection"/>, one small
/// document per stream — far less work per event than the ledger's read model (see docs/performance.md).
/// </summary>
public static class RebuildScenario
{
    public static async Task RunAsync(Sides sides, IReadOnlyList<GeneratedEvent> events, int rounds, Results results)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rl-peer-rebuild-{Environment.ProcessId}.db");
        Ledgers.Delete(file);
        File.Delete(ReadModelDatabase.PathFor(file));
        await using var ledger = await Ledgers.OpenSqliteAsync(file);
        await new StoreWriter(ledger).WriteAsync(events, window: 1000);
        using var marten = await Sides.OpenMartenAsync(sides.Connection, "peer_rebuild", projection: true);
        await LoadMartenAsync(marten, events);

        var services = new ServiceCollection();
        services.AddRelationsLedger();
        services.AddSingleton<IEventStore>(ledger);
        services.AddProjections(ReadModelDatabase.PathFor(file));
        await using (var provider = services.BuildServiceProvider())
        {
            var runner = provider.GetRequiredService<ProjectionRunner>();
            // A daemon built for the rebuild alone (Marten warns that no async daemon runs: none is wanted here).
            using var daemon = await marten.BuildProjectionDaemonAsync();
            for (var round = 0; round < rounds; round++)
                foreach (var side in round % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    long applied = events.Count;
                    var elapsed = side
                        ? await Measure.TimeAsync(async () => applied = await runner.RebuildAsync())
                        : await Measure.TimeAsync(() => daemon.RebuildProjectionAsync<SummaryProjection>(TimeSpan.FromMinutes(10), CancellationToken.None));
                    results.Add("projection rebuild", side, applied, elapsed);
                }
        }
        await using (var session = marten.QuerySession())
            Console.WriteLine($"  marten summaries: {await session.Query<RelationshipSummary>().CountAsync()} documents");
        Ledgers.Delete(file);
        File.Delete(ReadModelDatabase.PathFor(file));
    }

    // Windows of 1,000 events in one session each, every stream's events in order (untimed set-up).
    private static async Task LoadMartenAsync(DocumentStore marten, IReadOnlyList<GeneratedEvent> events)
    {
        var hashes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in events.Chunk(1000))
        {
            await using var session = marten.LightweightSession();
            foreach (var group in chunk.GroupBy(e => e.Key.StreamName))
            {
                var hash = hashes.GetValueOrDefault(group.Key);
                var sealedEvents = new List<object>();
                foreach (var e in group)
                {
                    (var data, hash) = RelationshipRepository.Seal(group.Key, e.EventId, e.Event, e.EffectiveDate, e.Provenance, hash);
                    sealedEvents.Add(LedgerEvent.From(data));
                }
                session.Events.Append(group.Key, sealedEvents.ToArray());
                hashes[group.Key] = hash;
            }
            await session.SaveChangesAsync();
        }
    }
}

/// <summary>Marten's read model for the rebuild: per relationship stream, how many events, the last type and event id.</summary>
public sealed class RelationshipSummary
{
    public string Id { get; set; } = "";

    public int Events { get; set; }

    public string? LastType { get; set; }

    public Guid LastEventId { get; set; }
}

/// <summary>A single-stream projection of <see cref="LedgerEvent"/> into <see cref="RelationshipSummary"/>.</summary>
public sealed class SummaryProjection : global::Marten.Events.Aggregation.SingleStreamProjection<RelationshipSummary, string>
{
    public void Apply(LedgerEvent e, RelationshipSummary summary)
    {
        summary.Events++;
        summary.LastType = e.Type;
        summary.LastEventId = e.EventId;
    }
}
