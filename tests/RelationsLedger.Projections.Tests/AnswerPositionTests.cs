using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// An answer names the position its read model stands at (<c>readModel.position</c>): the checkpoint the question's own
/// catch-up ended at, which since round 24 of issue #16 the catch-up hands back instead of the file being opened again to
/// read it — so after new events it must be the new end of the log, never where the catch-up started.
/// </summary>
public sealed class AnswerPositionTests
{
    private static async Task<string> EndOfLogAsync(TestLedger ledger)
    {
        GlobalPosition? last = null;
        await foreach (var e in ledger.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships)) last = e.Position;
        return last!.Value.ToString();
    }

    [Fact]
    public async Task An_answer_names_the_end_of_the_log_its_catch_up_reached()
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        var first = await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01"));
        Assert.Equal(await EndOfLogAsync(ledger), first.ReadModel!.Position);

        await ledger.RecordAsync(TestLedger.Sourced(new Application.Commands.Cooperation.HoldEngagement("FR", "DE", "talks", "after the first answer"), "2020-05"));
        var second = await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01"));

        Assert.NotEqual(first.ReadModel.Position, second.ReadModel!.Position);
        Assert.Equal(await EndOfLogAsync(ledger), second.ReadModel.Position);
        Assert.Equal(ledger.Runner.ReadCheckpoint().Position.ToString(), second.ReadModel.Position);
        Assert.True(second.ReadModel.IsCurrent);
    }

    /// <summary>
    /// An answer is of the read model at the position it names, never of a later one: a downstream service that reads a
    /// state and then follows the log after its position must not meet again an event the state already holds. A live
    /// runner (as <c>ledger serve</c> keeps) applies events between a question's catch-up and its reads; the answer must
    /// still hold exactly the events up to its position. Before the answers were read in one snapshot with their position,
    /// about half the runs of the state's test met an answer holding designations recorded after the position it named.
    /// </summary>
    [Fact]
    public async Task A_state_holds_exactly_the_events_up_to_the_position_it_names_while_a_live_runner_applies_more() =>
        await WhileALiveRunnerAppliesAsync(async ledger =>
        {
            var view = await ledger.Send(new GetRelationshipState("FR", "DE", "2024-01-01"));
            return (view.ReadModel!.Position, Regex.Matches(ContractJson.Of(view), "probe-[0-9]{3}").Select(m => m.Value).Distinct().Count());
        });

    [Fact]
    public async Task A_panel_holds_exactly_the_events_up_to_the_position_it_names_while_a_live_runner_applies_more() =>
        await WhileALiveRunnerAppliesAsync(async ledger =>
        {
            using var panel = await ledger.Send(new GetPanel("2024", "2024", "year", Aspects: "designations", Party: "FR"));
            using var ndjson = new MemoryStream();
            await PanelFormats.WriteNdjsonAsync(panel, ndjson);
            var rows = Encoding.UTF8.GetString(ndjson.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement).Where(r => r.GetProperty("relationship").GetString() == "DE~FR").ToList();
            // No row yet: asked before the first designation made the relationship.
            return (panel.ReadModel.Position, rows.Count == 0 ? 0 : rows.Single().GetProperty("designations_by_b").GetInt32());
        });

    /// <summary>
    /// A panel's rows are read from the snapshot its answer was made in; an answer whose rows are never read (a client gone
    /// before the first row) lets the snapshot go when it is disposed — a read transaction left open would keep the read
    /// model's write-ahead log from ever being checkpointed while the live runner writes on.
    /// </summary>
    [Fact]
    public async Task A_panel_answer_not_read_lets_its_snapshot_go_when_disposed()
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        var panel = await ledger.Send(new GetPanel("2024", "2024", "year", Aspects: "designations"));
        await ledger.RecordAsync(TestLedger.Sourced(new ImposeDesignation("FR", "DE", "after the panel", "probe authority"), "2020-05"));
        await ledger.Runner.CatchUpAsync(); // written into the read model's log after the panel's snapshot
        Assert.Equal(1, Checkpoint(ledger.ReadModelPath)); // busy: the snapshot holds the log
        panel.Dispose();
        Assert.Equal(0, Checkpoint(ledger.ReadModelPath));

        static long Checkpoint(string path)
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var r = cmd.ExecuteReader();
            r.Read();
            return r.GetInt64(0);
        }
    }

    /// <summary>
    /// Records designations of DE by FR (each on a list of its own) while a live runner applies them and the question is
    /// asked, 30 times; then holds every answer's count to the designations at or before the position it named.
    /// </summary>
    private static async Task WhileALiveRunnerAppliesAsync(Func<TestLedger, Task<(string Position, int Designations)>> ask)
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        using var live = ledger.NewRunner();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = live.RunLiveAsync(stop.Token);

        // The writer records until the question has been answered 30 times while it wrote, pausing between its commands so
        // that a slower question (the panel) is asked often enough; at most 400 designations, as questions slow while the
        // relationship grows (a panel here took ~2 s at 1,000 designations, 20-60 ms at 100-200; not profiled).
        var recorded = new System.Collections.Concurrent.ConcurrentBag<GlobalPosition>();
        var answers = new List<(string Position, int Designations)>();
        var enough = false;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 400 && !Volatile.Read(ref enough); i++)
            {
                recorded.Add((await ledger.Send(TestLedger.Sourced(new ImposeDesignation("FR", "DE", $"probe-{i:D3}", "probe authority"), "2020-05"))).Position);
                await Task.Delay(2);
            }
        });
        while (!writer.IsCompleted)
        {
            answers.Add(await ask(ledger));
            if (answers.Count == 30) Volatile.Write(ref enough, true);
        }
        await writer;
        await stop.CancelAsync();
        await running;

        Assert.True(answers.Count >= 20, $"only {answers.Count} answers were taken while the writer recorded");
        foreach (var (position, designations) in answers)
        {
            var upTo = position == "start" ? 0 : recorded.Count(p => p <= GlobalPosition.Parse(position));
            Assert.True(upTo == designations, $"the answer naming position {position} holds {designations} of the designations; {upTo} were recorded up to it");
        }
    }
}
