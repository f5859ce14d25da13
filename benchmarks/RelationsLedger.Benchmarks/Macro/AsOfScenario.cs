using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro asof --store F.db [--queries Q] [--replay]</c>: latency of "the state of A–B as of D" through MediatR
/// for the longest relationship and a median one, at seeded random days: from the read model beside the store (caught
/// up first, as a question does), or with <c>--replay</c> by folding the relationship's events (the reference answer).
/// </summary>
public static class AsOfScenario
{
    public static async Task RunAsync(Options o)
    {
        var path = o.Required("store");
        var (longest, median) = Pick(path);
        await using var store = await Ledgers.OpenSqliteAsync(path);
        var replay = o.Flag("replay");
        await using var services = replay ? Ledgers.Services(store, o) : Ledgers.WithProjections(store, path, o);
        var queries = o.Int("queries", 200);
        foreach (var (label, key) in new[] { ("longest", longest), ("median", median) })
        {
            var rng = new Random(11);
            MediatR.IRequest<RelationshipStateView> Query()
            {
                var day = new DateOnly(1950, 1, 1).AddDays(rng.Next(27_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return replay ? new ReplayRelationshipState(key.First.Value, key.Second.Value, day) : new GetRelationshipState(key.First.Value, key.Second.Value, day);
            }
            for (var i = 0; i < Math.Min(20, queries); i++) await services.SendAsync(Query()); // JIT and caches
            var (latencies, cpu, collected) = (new List<double>(), new List<double>(), new List<bool>());
            var (gc0, gc1, gc2, pauses, allocated) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(true));
            for (var i = 0; i < queries; i++)
            {
                var (thread, cpuStart, gcs) = (Environment.CurrentManagedThreadId, Measure.ThreadCpuMs(), GC.CollectionCount(0));
                var start = Stopwatch.GetTimestamp();
                await services.SendAsync(Query());
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                collected.Add(GC.CollectionCount(0) != gcs);
                // The question's CPU on its thread, when it ran on one thread throughout (its awaits complete synchronously).
                if (Environment.CurrentManagedThreadId == thread && Measure.ThreadCpuMs() - cpuStart is { } used) cpu.Add(used);
            }
            var figure = $"as-of one relationship, {(replay ? "replay" : "read model")}, {label} ({key}, {Count(path, key):N0} events)";
            // What the tail is made of: collections (and how many of the slowest 1 % met one) or the questions' own work.
            var slowest = Enumerable.Range(0, queries).OrderByDescending(i => latencies[i]).Take(Math.Max(1, queries / 100)).ToList();
            var collections = $"{GC.CollectionCount(0) - gc0}/{GC.CollectionCount(1) - gc1}/{GC.CollectionCount(2) - gc2}";
            var alloc = (GC.GetTotalAllocatedBytes(true) - allocated) / (double)queries / 1024;
            Measure.Latencies(figure, latencies);
            if (cpu.Count > 0) Measure.Latencies($"  the same, CPU of the asking thread ({queries - cpu.Count} moved threads)", cpu);
            Measure.Report("  the same, GC", string.Create(CultureInfo.InvariantCulture,
                $"{alloc:N1} KB allocated per question, collections gen0/1/2 {collections}, pauses {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds:N1} ms; {slowest.Count(i => collected[i])} of the slowest {slowest.Count} met a collection"));
        }
        Measure.Memory("as-of");
    }

    /// <summary>The longest stream and the median one, read from the file directly (the harness, not the product).</summary>
    public static (RelationshipKey Longest, RelationshipKey Median) Pick(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT stream FROM events GROUP BY stream ORDER BY COUNT(*) DESC";
        var streams = new List<string>();
        using (var r = cmd.ExecuteReader()) while (r.Read()) streams.Add(r.GetString(0));
        RelationshipKey Key(string s) => RelationshipKey.TryParseStream(s, out var k) ? k! : throw new InvalidOperationException(s);
        return (Key(streams[0]), Key(streams[streams.Count / 2]));
    }

    public static long Count(string path, RelationshipKey key)
    {
        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM events WHERE stream = $s";
        cmd.Parameters.AddWithValue("$s", key.StreamName);
        return (long)cmd.ExecuteScalar()!;
    }
}
