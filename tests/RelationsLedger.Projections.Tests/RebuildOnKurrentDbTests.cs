using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// <c>ledger projections rebuild</c> on KurrentDB, where the bulk load reads the log once, in order (BulkRebuild): the rows of
/// a live catch-up, progress by position up to the whole, and a cancelled rebuild leaves the old read model. Skipped (never
/// passed) without KURRENTDB_CONNECTION_STRING; a server shared with other suites holds their events too, so the rows compared
/// are those of this test's own relationships (parties of its own).
/// </summary>
public sealed class RebuildOnKurrentDbTests
{
    private static async Task<(TestLedger Ledger, string Parties)> RecordedAsync()
    {
        var ledger = await TestLedger.OpenAsync(ServerUnderTest.Require());
        var parties = $"rb-{Guid.NewGuid():N}"[..14];
        // Three relationships, their events interleaved in the log, one of them with a designation removed (a row superseded).
        for (var i = 0; i < 3; i++)
            await ledger.Send(TestLedger.Provenanced(new ImposeDesignation("RU", $"{parties}-{i}", "Federal list", "Supreme Court") with { EffectiveDate = "2003-02-14" }));
        for (var i = 0; i < 3; i++)
            await ledger.Send(TestLedger.Provenanced(new HoldEngagement("RU", $"{parties}-{i}", "forum", $"Forum {i}", "Kazan") with { EffectiveDate = "2024-06" }));
        await ledger.Send(TestLedger.Provenanced(new RemoveDesignation("RU", $"{parties}-1", "Federal list", "Supreme Court") with { EffectiveDate = "2025-04-17" }));
        return (ledger, parties);
    }

    /// <summary>Every row of the read model about this test's relationships (the key leads each row), ids left out.</summary>
    private static List<string> RowsOf(string path, string parties)
    {
        var (items, facts, relationships, passedOver) = RebuildEqualsIncrementalProperty.Rows(path);
        return [.. new[] { items, facts, relationships, passedOver }.SelectMany((rows, table) => rows.Where(r => r.Contains(parties, StringComparison.Ordinal)).Select(r => $"{table}: {r}"))];
    }

    [SkippableFact]
    public async Task A_rebuild_makes_the_rows_of_a_catch_up_and_shows_its_progress_by_position_up_to_the_whole()
    {
        var (ledger, parties) = await RecordedAsync();
        await using var _ = ledger;
        await ledger.Runner.CatchUpAsync();
        var caughtUp = RowsOf(ledger.ReadModelPath, parties);
        Assert.Equal(3, caughtUp.Count(r => r.StartsWith("2: ", StringComparison.Ordinal))); // the relationships' own rows

        var rebuiltPath = Path.Combine(Path.GetDirectoryName(ledger.ReadModelPath)!, "rebuilt.projections.db");
        var load = new List<ProjectionProgress>(); // the load's reports, not those of the catch-up of what was appended meanwhile
        using (var rebuilder = new ProjectionRunner(new ReadModelDatabase(rebuiltPath), ledger.Store, new RelationshipsProjection(), new ProjectionOptions { ProgressEvery = 1 }))
            await rebuilder.RebuildAsync(p => { if (rebuilder.LastRebuild is null) load.Add(p); });
        Assert.Equal(caughtUp, RowsOf(rebuiltPath, parties));

        // The load's reports go by position, in order, and the last says the whole: until round 54 they said the events applied
        // over the head's position, a byte offset on KurrentDB (some 0.03 % of it), and the bar jumped from ~0 to 100 % at the end.
        Assert.NotEmpty(load);
        Assert.All(load, p => Assert.Null(p.Done));
        Assert.Equal(load.OrderBy(p => p.Position!.Value).Select(p => p.Fraction), load.Select(p => p.Fraction));
        Assert.Equal(1.0, load[^1].Fraction);
    }

    [SkippableFact]
    public async Task A_rebuild_cancelled_midway_leaves_the_read_model_as_it_was()
    {
        var (ledger, parties) = await RecordedAsync();
        await using var _ = ledger;
        await ledger.Runner.CatchUpAsync();
        var before = RowsOf(ledger.ReadModelPath, parties);
        var checkpoint = ledger.Runner.ReadCheckpoint();

        using var kill = new CancellationTokenSource();
        var runner = ledger.NewRunner(new ProjectionOptions { ProgressEvery = 1 });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RebuildAsync(p => { if (p.EventsThisRun >= 2) kill.Cancel(); }, kill.Token));
        Assert.False(File.Exists(ledger.ReadModelPath + ".rebuild"));
        Assert.Equal((checkpoint.Position, checkpoint.EventsApplied), (ledger.NewRunner().ReadCheckpoint().Position, ledger.NewRunner().ReadCheckpoint().EventsApplied));
        Assert.Equal(before, RowsOf(ledger.ReadModelPath, parties));
    }
}
