using System.Collections.Concurrent;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Designations;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Audit.Tests.Racing;

/// <summary>
/// Several clients — each its own store instance and services, as separate processes have — send commands and batches to
/// the same relationships at once, on the embedded store and on a live KurrentDB (skipped without
/// KURRENTDB_CONNECTION_STRING): free ones (engagements, always consistent), contradicting ones (one listing imposed and
/// removed at random days), one command sent by every client with the same id, batches across two relationships, and
/// retries with the same ids. Afterwards every command some client was told is recorded is in its stream exactly once, no
/// event is one no client was told of, no command that was only ever refused is there, every chain verifies (verify
/// decides every event again, so a contradiction let through is named), retries record nothing, and the read model
/// caught up from the store answers as the fold. Each run names its own parties.
/// </summary>
public sealed class RacingWritersTests
{
    private const int Clients = 3;

    public static TheoryData<string, int> Runs()
    {
        var data = new TheoryData<string, int>();
        foreach (var seed in PropertySeeds.Or(1, 2))
        {
            data.Add("sqlite", seed);
            data.Add(SmallCache, seed);
            data.Add("kurrentdb", seed);
        }
        return data;
    }

    private sealed record Outcome(Guid Id, string Stream, bool Accepted);

    /// <summary>
    /// The embedded store, each client's history cache bounded at 16 KB (by <see cref="HeldSize"/>: a few events): the relationships
    /// hold more than that between them, so a client's cache keeps some, declines others read whole, and evicts as they grow.
    /// </summary>
    private const string SmallCache = "sqlite, a history cache of 16 KB";

    [SkippableTheory]
    [MemberData(nameof(Runs))]
    public async Task Racing_clients_record_every_accepted_command_once_and_no_refused_one(string store, int seed)
    {
        using var folder = new TempFolder();
        var where = store == "kurrentdb" ? ServerUnderTest.Require() : folder.File("ledger.db");
        var cache = store == SmallCache ? new HistoryCacheOptions(16 << 10) : null;
        var parties = RandomHistory.PartiesOfRun(Guid.NewGuid(), longIds: seed % 2 == 0);
        var keys = new[] { RelationshipKey.Of(parties[0], parties[1]), RelationshipKey.Of(parties[1], parties[2]), RelationshipKey.Of(parties[0], parties[2]) };
        var clients = new List<TestLedger>();
        for (var c = 0; c < Clients; c++) clients.Add(await TestLedger.OpenAsync(where, historyCache: cache));
        try
        {
            var sharedRng = new Random(seed);
            var shared = Enumerable.Range(0, 4).Select(_ => Contested(sharedRng, parties)).ToList();
            var outcomes = new ConcurrentBag<Outcome>();
            using var start = new SemaphoreSlim(0);
            var running = clients.Select((client, c) => Task.Run(async () =>
            {
                await start.WaitAsync();
                await ClientAsync(client, new Random(seed * 31 + c), parties, shared, outcomes);
            })).ToList();
            start.Release(Clients);
            await Task.WhenAll(running);

            var events = new List<(Guid Id, string Stream)>();
            foreach (var key in keys) events.AddRange((await clients[0].EventsAsync(key.StreamName)).Select(e => (e.Recorded.EventId, e.Recorded.Stream)));
            var accepted = outcomes.Where(o => o.Accepted).Select(o => (o.Id, o.Stream)).Distinct().ToList();
            var onlyRefused = outcomes.Where(o => !o.Accepted).Select(o => o.Id).Except(accepted.Select(a => a.Id)).ToList();
            Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count()); // nothing twice
            Assert.Equal(accepted.OrderBy(a => a.Id).ToList(), events.OrderBy(e => e.Id).ToList()); // every one told, nothing else
            Assert.Empty(onlyRefused.Intersect(events.Select(e => e.Id)));
            Assert.True(outcomes.Any(o => !o.Accepted) && accepted.Count > 0, "the run should both accept and refuse");

            await using var fresh = await TestLedger.OpenAsync(where);
            foreach (var key in keys)
            {
                var verified = await fresh.Send(new VerifyLedger(key.First.Value, key.Second.Value));
                Assert.True(verified.Ok, $"verify {key}: " + string.Join("\n", verified.Findings));
            }
            if (store != "kurrentdb") Assert.True((await fresh.Send(new VerifyLedger())).Ok);

            // Every accepted command again, with its id: recognised, nothing recorded.
            foreach (var command in outcomes.Where(o => o.Accepted).Select(o => o.Id).Distinct().Select(id => Sent[id]).OfType<RecordCommand>())
                Assert.True((await fresh.Send(command)).AlreadyRecorded);
            var after = 0;
            foreach (var key in keys) after += (await fresh.EventsAsync(key.StreamName)).Count;
            Assert.Equal(events.Count, after);

            await TwinHistories.CatchUpOrSkipAsync(fresh.Runner, parties);
            var oracle = Oracle.Of(fresh, parties);
            foreach (var key in keys)
                foreach (var day in new[] { "1999-12-31", "2001-06-30", "2003-01-01", "2004-07-01", "2010-01-01" })
                    await oracle.AssertSameStateAsync(key, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), null);
            foreach (var party in parties) await oracle.AssertSamePartyRelationshipsAsync(party);
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    /// <summary>Every command sent, by id (a shared one is the same object for every client), to retry it.</summary>
    private static readonly ConcurrentDictionary<Guid, object> Sent = new();

    private static async Task ClientAsync(TestLedger client, Random rng, string[] parties, List<RecordCommand> shared, ConcurrentBag<Outcome> outcomes)
    {
        var mine = new List<object>();
        for (var i = 0; i < 14; i++)
        {
            var roll = rng.NextDouble();
            object request = roll switch
            {
                < 0.3 => Free(rng, parties),
                < 0.6 => Contested(rng, parties),
                < 0.72 => shared[rng.Next(shared.Count)],
                < 0.9 => new RecordBatch([new BatchItem("commands[0]", Free(rng, parties)), new BatchItem("commands[1]", Contested(rng, parties))], null),
                _ when mine.Count > 0 => mine[rng.Next(mine.Count)],
                _ => Free(rng, parties),
            };
            mine.Add(request);
            await SendAsync(client, request, outcomes);
        }
    }

    /// <summary>
    /// Sends the request as a client should: a store that failed mid-call (KurrentDB's commit timeout on a loaded server:
    /// the outcome unknown) or a batch recorded in part is sent again, the same ids, until it is answered.
    /// </summary>
    private static async Task SendAsync(TestLedger client, object request, ConcurrentBag<Outcome> outcomes)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SendOnceAsync(client, request, outcomes);
                return;
            }
            catch (Exception e) when (e is StoreUnavailableException or BatchPartlyRecordedException && attempt < 5)
            {
                await Task.Delay(200 * attempt);
            }
        }
    }

    private static async Task SendOnceAsync(TestLedger client, object request, ConcurrentBag<Outcome> outcomes)
    {
        static string StreamOf(RecordCommand c) => RelationshipKey.Of(c.Parties().A, c.Parties().B).StreamName;
        switch (request)
        {
            case RecordCommand command:
                Sent[command.CommandId] = command;
                try
                {
                    var recorded = await client.Send(command);
                    outcomes.Add(new(recorded.EventId, recorded.Stream, true));
                }
                catch (CommandRefusedException)
                {
                    outcomes.Add(new(command.CommandId, StreamOf(command), false));
                }
                break;
            case RecordBatch batch:
                foreach (var item in batch.Items) Sent[item.Command.CommandId] = batch;
                try
                {
                    var recorded = await client.Send(batch);
                    foreach (var item in recorded.Items) outcomes.Add(new(item.EventId, item.Stream, true));
                }
                catch (BatchRefusedException)
                {
                    foreach (var item in batch.Items) outcomes.Add(new(item.Command.CommandId, StreamOf(item.Command), false));
                }
                catch (BatchPartlyRecordedException partly) when (partly.Refused.Count > 0)
                {
                    // KurrentDB: a lost race after the first part was appended, then refused: that part is recorded.
                    foreach (var item in batch.Items)
                        outcomes.Add(new(item.Command.CommandId, StreamOf(item.Command), partly.RecordedStreams.Contains(StreamOf(item.Command))));
                }
                break;
        }
    }

    private static readonly string[] Lists = ["List A", "List B"];

    /// <summary>An engagement with a title of its own: consistent with anything.</summary>
    private static HoldEngagement Free(Random rng, string[] parties)
    {
        var a = rng.Next(3);
        var b = (a + 1 + rng.Next(2)) % 3;
        return TestLedger.Sourced(new HoldEngagement(parties[a], parties[b], "talks", $"Talks {Guid.NewGuid():N}"), $"{2000 + rng.Next(10)}") with { CommandId = Guid.NewGuid() };
    }

    /// <summary>A listing of the second party by the first imposed or removed on a random day: contradictions are likely.</summary>
    private static RecordCommand Contested(Random rng, string[] parties)
    {
        var list = Lists[rng.Next(Lists.Length)];
        var day = new DateOnly(2000, 1, 1).AddDays(rng.Next(3650)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        RecordCommand command = rng.Next(2) == 0
            ? new ImposeDesignation(parties[0], parties[1], list, "Court")
            : new RemoveDesignation(parties[0], parties[1], list, "Court");
        return TestLedger.Sourced(command, day) with { CommandId = Guid.NewGuid() };
    }
}

/// <summary>
/// Two <c>ledger</c> processes recording batches into the same relationship at once, on the embedded store and on a live
/// KurrentDB (skipped without KURRENTDB_CONNECTION_STRING): each batch holds engagements of its own and the same listing
/// imposed on another day, so exactly one batch can be recorded. One process exits 0 and the other 3 with nothing of its
/// batch recorded; <c>ledger verify</c> is clean; each file again changes nothing.
/// </summary>
public sealed class RacingProcessesTests
{
    public static TheoryData<string> Stores() => ["sqlite", "kurrentdb"];

    [SkippableTheory]
    [MemberData(nameof(Stores))]
    public async Task Two_ledger_processes_racing_contradicting_batches_record_exactly_one(string store)
    {
        using var folder = new TempFolder();
        var where = store == "kurrentdb" ? ServerUnderTest.Require() : folder.File("ledger.db");
        var (a, b) = ($"k{Guid.NewGuid():N}"[..12], $"k{Guid.NewGuid():N}"[..12]);
        var files = new List<string>();
        for (var p = 0; p < 2; p++)
        {
            var lines = Enumerable.Range(0, 5).Select(i =>
                    $$"""{"command":"hold-engagement","commandId":"{{Guid.NewGuid()}}","partyA":"{{a}}","partyB":"{{b}}","kind":"talks","title":"Talks {{p}}-{{i}}","effectiveDate":"201{{i}}"}""")
                .Append($$"""{"command":"impose-designation","commandId":"{{Guid.NewGuid()}}","actor":"{{a}}","counterpart":"{{b}}","list":"Contested list","authority":"Court","effectiveDate":"200{{p + 1}}-01-01"}""");
            files.Add(folder.File($"batch-{p}.ndjson"));
            await File.WriteAllTextAsync(files[^1], $$"""{"sources":[{"publisher":"Test","title":"Race"}],"recordedBy":"racer","commands":[{{string.Join(",", lines)}}]}""");
        }
        var environment = new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = folder.File("processes.projections.db") };
        Task<CliResult> Ledger(params string[] args) => LedgerCli.RunProcessAsync(folder.Path, environment, ["--store", where, .. args]);
        var runs = await Task.WhenAll(files.Select(f => Ledger("record-batch", f)));

        Assert.Equal([0, 3], runs.Select(r => r.ExitCode).Order());
        var loser = runs.Single(r => r.ExitCode == 3);
        Assert.Contains("Contested list", loser.Error);
        var events = await Ledger("history", a, b, "--json");
        Assert.Equal(0, events.ExitCode);
        Assert.Equal(6, System.Text.Json.JsonDocument.Parse(events.Out).RootElement.GetArrayLength());
        var verify = await Ledger("verify", a, b);
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);

        var again = await Task.WhenAll(files.Select(f => Ledger("record-batch", f)));
        Assert.Equal(runs.Select(r => r.ExitCode), again.Select(r => r.ExitCode));
        Assert.Equal(6, System.Text.Json.JsonDocument.Parse((await Ledger("history", a, b, "--json")).Out).RootElement.GetArrayLength());
    }
}
