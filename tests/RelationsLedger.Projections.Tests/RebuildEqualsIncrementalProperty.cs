using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The bulk rebuild (a fresh file, rows written once when final, indexes at the end) and the
/// incremental path (batch by batch, random batch sizes, a second runner interleaving, relationships
/// evicted and restored from the files) must make the same read model: the same rows, column by
/// column (only row ids differ), and answers equal to the straight fold — on random histories with
/// corrections, retractions (also of corrections), back-filled dates and tied recorded times: raw appends, and what a
/// user records through commands and batches (<see cref="RandomHistory"/>).
/// </summary>
public sealed class RebuildEqualsIncrementalProperty
{
    public static TheoryData<string, int> Seeds()
    {
        var data = new TheoryData<string, int>();
        foreach (var seed in PropertySeeds.Or(100, 16)) data.Add("raw", seed);
        foreach (var seed in PropertySeeds.Or(100, 16)) data.Add("commands", seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task A_rebuild_makes_the_same_rows_as_the_incremental_path(string mode, int seed)
    {
        var rng = new Random(seed);
        // A rebuild's streams folded on its decoder thread (IStreamFold): every one, as the projection falls behind (the default), or none.
        var options = new ProjectionOptions
        {
            BatchSize = 1 + rng.Next(9), BulkCommitEvery = 1 + rng.Next(50), BulkLoadFrom = null,
            FoldAheadFromBacklog = (seed % 3) switch { 0 => 0, 1 => new ProjectionOptions().FoldAheadFromBacklog, _ => int.MaxValue },
        };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        var history = mode == "raw" ? RandomHistory.Raw(rng, ledger) : RandomHistory.Commands(rng, ledger);
        var evicting = new ProjectionRunner(new ReadModelDatabase(ledger.ReadModelPath), ledger.Store, new RelationshipsProjection(maxCachedBytes: rng.Next(2, 40) * 1_000L), options);
        var steps = 60 + rng.Next(200);
        for (var i = 0; i < steps; i++)
        {
            await history.AppendOneAsync();
            var roll = rng.NextDouble();
            if (roll < 0.15) await ledger.Runner.CatchUpAsync();
            else if (roll < 0.25) await evicting.CatchUpAsync();
            else if (roll < 0.3) await ledger.NewRunner(options).CatchUpAsync();
        }
        await ledger.Runner.CatchUpAsync();
        if (history.Events == 0) return;
        try
        {
            await CompareAsync(ledger, history, options, rng);
        }
        catch (Xunit.Sdk.XunitException failure)
        {
            throw await HistoryShrinker.ExplainAsync(nameof(RebuildEqualsIncrementalProperty), seed, history, failure, null);
        }
    }

    private static async Task CompareAsync(TestLedger ledger, RandomHistory history, ProjectionOptions options, Random rng)
    {
        var incremental = Rows(ledger.ReadModelPath);

        var rebuiltPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "rebuilt.projections.db");
        using (var rebuilder = new ProjectionRunner(new ReadModelDatabase(rebuiltPath), ledger.Store, new RelationshipsProjection(), options))
            Assert.Equal(history.Events, await rebuilder.RebuildAsync());
        var rebuilt = Rows(rebuiltPath);
        Assert.Equal(incremental.Items.Count, rebuilt.Items.Count);
        Assert.Equal(incremental.Items, rebuilt.Items);
        Assert.Equal(incremental.Facts, rebuilt.Facts);
        Assert.Equal(incremental.Relationships, rebuilt.Relationships);
        Assert.Equal(incremental.PassedOver, rebuilt.PassedOver);
        await AssertBulkLoadIndexesAsMadeLiveAsync(ledger, options);

        // On a store whose positions do not count its events (KurrentDB) the rebuild reads the log once, in order, every
        // relationship held until the end — or, past a memory bound as small as the evicting runner's, the least recently used
        // written and let go, and restored from the log and the rows at their next event: the same rows.
        var inOrderPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "inorder.projections.db");
        var bounded = rng.Next(2) == 0 ? new RelationshipsProjection() : new RelationshipsProjection(maxCachedBytes: rng.Next(2, 40) * 1_000L);
        using (var inOrder = new ProjectionRunner(new ReadModelDatabase(inOrderPath), new PositionsNotCounted(ledger.Store), bounded, options))
            Assert.Equal(history.Events, await inOrder.RebuildAsync());
        var fromLogOrder = Rows(inOrderPath);
        Assert.Equal(incremental.Items, fromLogOrder.Items);
        Assert.Equal(incremental.Facts, fromLogOrder.Facts);
        Assert.Equal(incremental.Relationships, fromLogOrder.Relationships);
        Assert.Equal(incremental.PassedOver, fromLogOrder.PassedOver);

        // A first catch-up over a long enough log loads in bulk too: the same rows.
        var loadedPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "loaded.projections.db");
        using (var loader = new ProjectionRunner(new ReadModelDatabase(loadedPath), ledger.Store, new RelationshipsProjection(), options with { BulkLoadFrom = 1 }))
            Assert.Equal(history.Events, await loader.CatchUpAsync());
        Assert.Equal(incremental.Items, Rows(loadedPath).Items);
        Assert.Equal(incremental.Facts, Rows(loadedPath).Facts);

        // And the rebuilt model answers as the fold does (the ledger's handlers read the other file, so rebuild that one too).
        await ledger.Runner.RebuildAsync();
        Assert.Equal(incremental.Items, Rows(ledger.ReadModelPath).Items);
        var oracle = new Oracle(ledger.Mediator, ledger.Repository);
        var keys = history.Relationships.ToList();
        var moments = new List<DateTimeOffset?> { null };
        await foreach (var e in ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships))
            moments.AddRange([e.RecordedAt, e.RecordedAt.AddTicks(-1)]);
        var days = history.InterestingDays;
        for (var i = 0; i < 40; i++)
        {
            var day = days[rng.Next(days.Count)];
            var knownAt = moments[rng.Next(moments.Count)];
            await oracle.AssertSameStateAsync(keys[rng.Next(keys.Count)], day, knownAt);
            if (i % 4 == 0)
                await oracle.AssertSameAcrossAsync(keys, history.Parties[rng.Next(history.Parties.Length)], (MissionLevel)rng.Next(8), day, knownAt, 1 + rng.Next(900));
        }
        foreach (var party in history.Parties) await oracle.AssertSamePartyRelationshipsAsync(party);
    }

    /// <summary>The embedded store as a store that does not count positions sees it (not <see cref="ICountsPositions"/>, as KurrentDB's).</summary>
    internal sealed class PositionsNotCounted(IEventStore inner) : DelegatingStore(inner);

    /// <summary>The ledger's read model holds the rows a rebuild of the same log makes (the rebuild is made in its place).</summary>
    internal static async Task AssertRowsOfARebuildAsync(TestLedger ledger)
    {
        var kept = Rows(ledger.ReadModelPath);
        await ledger.Runner.RebuildAsync();
        var rebuilt = Rows(ledger.ReadModelPath);
        Assert.Equal(rebuilt.PassedOver, kept.PassedOver);
        Assert.Equal(rebuilt.Relationships, kept.Relationships);
        Assert.Equal(rebuilt.Items, kept.Items);
        Assert.Equal(rebuilt.Facts, kept.Facts);
    }

    /// <summary>
    /// A bulk load keeps the indexes led by the relationship during the load and makes the others at its end (Schema.ByRelationship,
    /// Schema.AfterBulkLoad): the file it puts in place holds every index the live path makes, each whole (SQLite's integrity check
    /// reads every entry against its row). Looked at before any catch-up, which would add an index missing (CreateSchema is
    /// idempotent). Its rows come relationship by relationship in the order of their ids — what makes those indexes cheap to
    /// keep: each entry lands at their end.
    /// </summary>
    private static async Task AssertBulkLoadIndexesAsMadeLiveAsync(TestLedger ledger, ProjectionOptions options)
    {
        var bulkPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "bulk.projections.db");
        var database = new ReadModelDatabase(bulkPath);
        Assert.NotNull(await new BulkRebuild(database, ledger.Store, new RelationshipsProjection(), options).RunAsync(null, null, CancellationToken.None));
        database.ClearPool();
        const string indexes = "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
        using var live = new ReadModelDatabase(ledger.ReadModelPath).Open();
        using var bulk = database.Open();
        Assert.Equal(Query(live, indexes), Query(bulk, indexes));
        Assert.Equal(["ok"], Query(bulk, "PRAGMA integrity_check"));
        foreach (var table in new[] { "item_versions", "facts" })
            Assert.Equal(["0"], Query(bulk, $"SELECT count(*) FROM (SELECT rel_id, lag(rel_id) OVER (ORDER BY id) AS before FROM {table}) WHERE rel_id < before"));
    }

    /// <summary>Every row of the read model but the row ids, sorted: what two ways of making it must agree on.</summary>
    internal static (List<string> Items, List<string> Facts, List<string> Relationships, List<string> PassedOver) Rows(string path)
    {
        using var c = new ReadModelDatabase(path).Open();
        return (
            Query(c, """
                SELECT r.key, i.kind, i.ordinal, i.actor, i.counterpart, i.level, i.valid_from, i.valid_to, i.recorded_from, i.superseded_at, i.payload
                FROM item_versions i JOIN relationships r ON r.id = i.rel_id
                """),
            Query(c, """
                SELECT r.key, hex(f.event_id), f.revision, t.name, f.start_day, f.end_day, f.recorded_at, f.recorded_from, f.superseded_at
                FROM facts f JOIN relationships r ON r.id = f.rel_id JOIN fact_types t ON t.code = f.type
                """),
            Query(c, "SELECT key, first_party, second_party, events, last_position, last_recorded_at FROM relationships"),
            Query(c, "SELECT * FROM passed_over"));
    }

    private static List<string> Query(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read()) rows.Add(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
