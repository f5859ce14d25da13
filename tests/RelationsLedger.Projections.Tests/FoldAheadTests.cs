using System.Text;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A rebuild stream by stream may fold a relationship's events on its decoder thread (<see cref="IStreamFold"/>), up to an event
/// the applying side must apply itself — one not decoded (another client's, or a row altered), or one that does not chain onto
/// the event before it — and then that event and the stream's rest are applied as before, onto the timeline folded so far. The
/// read model is the same, row for row with the rows' ids, as a rebuild that folds nothing ahead (the applying side folding every
/// event, as before round 61) — and, before the log is altered, as the incremental path's.
/// </summary>
public sealed class FoldAheadTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_rebuild_folds_ahead_up_to_an_event_it_must_apply_itself_and_makes_the_same_rows_as_one_that_does_not(int seed)
    {
        var rng = new Random(seed);
        var options = new ProjectionOptions { BatchSize = 1 + rng.Next(9), BulkCommitEvery = 1 + rng.Next(50), BulkLoadFrom = null };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        var history = RandomHistory.Raw(rng, ledger);
        for (var i = 0; i < 80; i++) await history.AppendOneAsync();

        // Every stream folded ahead as it begins, whatever the backlog (by default only while the projection is behind), and none.
        var ahead = options with { FoldAheadFromBacklog = 0 };
        var none = options with { FoldAheadFromBacklog = int.MaxValue };
        var whole = await RebuildAsync(ledger, ahead, "whole");
        Assert.Equal(history.Events, whole.Applied);
        Assert.Equal(history.Events, whole.FoldedAhead); // nothing to apply apart
        Assert.Equal(0L, (await RebuildAsync(ledger, none, "whole-none")).FoldedAhead);
        await ledger.Runner.CatchUpAsync();
        var (incremental, aheadRows) = (RebuildEqualsIncrementalProperty.Rows(ledger.ReadModelPath), RebuildEqualsIncrementalProperty.Rows(whole.Path));
        Assert.Equal(incremental.Items, aheadRows.Items); // by content: the incremental path gives its rows other ids
        Assert.Equal(incremental.Facts, aheadRows.Facts);
        Assert.Equal(incremental.Relationships, aheadRows.Relationships);
        AssertSameRows(whole.Path.Replace("whole", "whole-none", StringComparison.Ordinal), whole.Path);

        // Another client's event at the end of one relationship's stream, and in the middle of another's a row altered: that
        // event is passed over, and the next one does not chain onto the event before it (the relationship is read again).
        var keys = history.Relationships.ToList();
        await ledger.Store.AppendAsync(keys[0].StreamName, ExpectedRevision.Any,
            [new EventData(Guid.NewGuid(), "RelationsSevered", Encoding.UTF8.GetBytes("""{"partyA":"x","partyB":"y"}"""), ReadOnlyMemory<byte>.Empty)]);
        var altered = await ledger.Store.ReadStreamAsync(keys[^1].StreamName, ReadDirection.Forwards, 1, 1).SingleAsync();
        await ledger.SqlAsync("UPDATE events SET metadata = CAST('{\"not\":\"an envelope\"}' AS BLOB) WHERE id_of(event_id) = $id", ("$id", altered.EventId.ToString()));

        var broken = await RebuildAsync(ledger, ahead, "broken");
        var before = await RebuildAsync(ledger, none, "broken-none");
        Assert.Equal(before.Applied, broken.Applied);
        Assert.InRange(broken.FoldedAhead, 1, broken.Applied - 3); // not the two events, nor the altered one's next
        Assert.Equal(2, RebuildEqualsIncrementalProperty.Rows(broken.Path).PassedOver.Count);
        AssertSameRows(before.Path, broken.Path);
    }

    /// <summary>Every table's rows in row-id order, with the ids (the generation's random token apart).</summary>
    private static void AssertSameRows(string expected, string actual)
    {
        foreach (var table in new[] { "item_versions", "facts", "relationships", "fact_types", "passed_over" })
            Assert.Equal(TableRows(expected, table), TableRows(actual, table));
    }

    private static List<string> TableRows(string path, string table)
    {
        using var c = new ReadModelDatabase(path).Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = table == "passed_over" ? "SELECT * FROM passed_over ORDER BY 1, 2, 3" : $"SELECT rowid, * FROM {table} ORDER BY rowid";
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
            rows.Add(string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null"
                : r.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    private static async Task<(long Applied, long FoldedAhead, string Path)> RebuildAsync(TestLedger ledger, ProjectionOptions options, string name)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ledger.ReadModelPath)!, name + ".projections.db");
        using var rebuilder = new ProjectionRunner(new ReadModelDatabase(path), ledger.Store, new RelationshipsProjection(), options);
        var applied = await rebuilder.RebuildAsync();
        return (applied, rebuilder.LastRebuild!.FoldedAhead, path);
    }
}
