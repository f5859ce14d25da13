using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A bulk load's row writes run on a thread of their own (<see cref="RowThread"/>): in the order handed over, all of them
/// before anything else uses the connection, a failure there failing the load, and the relationships numbered in memory
/// exactly as SQLite numbered them when each was inserted in place.
/// </summary>
public sealed class RowThreadTests
{
    private static RowWrite Numbered(int n) => new(RowWrite.Kind.Counters, n, null, 0, 0, null);

    [Fact]
    public void The_writes_run_in_the_order_handed_over_and_a_wait_returns_once_every_one_is_done()
    {
        var written = new List<long>();
        using var thread = new RowThread(w => written.Add(w.RelId));
        for (var i = 0; i < 5000; i++) thread.Add(Numbered(i)); // several chunks, more than are ever in flight
        thread.WaitUntilWritten();
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), written);
    }

    [Fact]
    public void A_write_that_fails_on_the_row_thread_is_thrown_to_the_folding_thread_and_nothing_after_it_is_written()
    {
        var written = new List<long>();
        using var thread = new RowThread(w =>
        {
            if (w.RelId == 3) throw new IOException("disk full");
            written.Add(w.RelId);
        });
        for (var i = 0; i < 10; i++) thread.Add(Numbered(i));
        var error = Assert.Throws<IOException>(thread.WaitUntilWritten);
        Assert.Equal("disk full", error.Message);
        Assert.Equal([0L, 1L, 2L], written);
        Assert.Throws<IOException>(() => thread.Add(Numbered(10))); // and at every hand-off after it
    }

    [Fact]
    public void Disposed_it_writes_what_was_handed_over_first()
    {
        var written = new List<long>();
        using (var thread = new RowThread(w => written.Add(w.RelId)))
            for (var i = 0; i < 3; i++) thread.Add(Numbered(i));
        Assert.Equal([0L, 1L, 2L], written);
    }

    [Fact]
    public async Task A_rebuild_numbers_its_relationships_from_1_in_the_order_it_meets_them_as_SQLite_did()
    {
        var options = new ProjectionOptions { BatchSize = 40, BulkCommitEvery = 10 };
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), options);
        var history = new RandomHistory(new Random(11), ledger);
        for (var i = 0; i < 200; i++) await history.AppendOneAsync();
        Assert.Equal(history.Events, await ledger.NewRunner(options).RebuildAsync());

        using var c = new ReadModelDatabase(ledger.ReadModelPath).Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, key FROM relationships ORDER BY id";
        var rows = new List<(long Id, string Key)>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows.Add((r.GetInt64(0), r.GetString(1)));
        Assert.True(rows.Count >= 2, $"{rows.Count} relationships");
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Id));
        // The load reads the log stream by stream in the store's order of stream names: so are the relationships numbered.
        var streams = new List<string>();
        await foreach (var name in ledger.Store.StreamNamesAsync(Application.Storage.StreamFilter.RelationshipsAndTombstones)) streams.Add(name);
        Assert.Equal(streams.Where(s => rows.Any(r => Domain.Parties.RelationshipKey.Of(r.Key.Split('~')[0], r.Key.Split('~')[1]).StreamName == s)).ToList(),
            rows.Select(r => Domain.Parties.RelationshipKey.Of(r.Key.Split('~')[0], r.Key.Split('~')[1]).StreamName).ToList());
    }
}
