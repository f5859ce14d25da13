using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger serve</c> killed (SIGKILL: no shutdown, no flush, no last write) while writers record batches over HTTP, as a
/// crash or an out-of-memory kill would end it. Afterwards, on the same files: every batch the server answered 200 is in the
/// store whole; a batch whose answer never came is in it whole or not at all; nothing is in it that no writer sent;
/// <c>ledger verify</c> finds every chain intact; the read model the killed server was writing answers as one rebuilt from
/// the store; and a server started again records on. What a user relies on when the power or the process goes.
/// </summary>
public sealed class KilledServerTests : IDisposable
{
    private const int Writers = 4;
    private static readonly string[] Counterparts = ["AF", "UA", "CN", "IN", "BR"];
    private const string StoreUnavailable = "urn:relationsledger:problem:store-unavailable";
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public static TheoryData<int> Seeds() => [.. PropertySeeds.Or(1, 3)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Every_answered_batch_survives_a_kill_whole_and_no_other_is_half_recorded(int seed)
    {
        var rng = new Random(seed);
        var sent = new System.Collections.Concurrent.ConcurrentDictionary<Guid, int>(); // correlation id → commands
        var answered = new System.Collections.Concurrent.ConcurrentDictionary<Guid, byte>();
        var notRecorded = new System.Collections.Concurrent.ConcurrentDictionary<Guid, byte>();

        var killAfter = 3 + rng.Next(25);
        await using (var server = await ServeProcess.StartAsync(_folder.Path, Store))
        {
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var local = new Random(seed * 31 + w);
                while (true) // until the server is gone
                {
                    var correlation = Guid.NewGuid();
                    var size = 1 + local.Next(4);
                    sent[correlation] = size;
                    try
                    {
                        using var response = await server.Client.PostAsJsonAsync("/commands/batch", Batch(correlation, size, local));
                        if (response.StatusCode == HttpStatusCode.OK) answered[correlation] = 0;
                        // Lost its race to the other writers ten times (docs/api.md): an answer that nothing was recorded.
                        else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && (await response.Content.ReadAsStringAsync()).Contains(StoreUnavailable, StringComparison.Ordinal))
                            notRecorded[correlation] = 0;
                        else Assert.Fail($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\nthe server's log:\n{server.Log}");
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the server is gone: this batch's answer never came
                    }
                }
            })).ToList();

            while (answered.Count < killAfter && writers.All(t => !t.IsCompleted)) await Task.Delay(5);
            server.Kill(); // SIGKILL, with requests in flight
            await Task.WhenAll(writers);
        }

        // The store as the kill left it.
        var stored = await StoredBatchesAsync();
        foreach (var id in answered.Keys)
            Assert.True(stored.TryGetValue(id, out var n) && n == sent[id], $"batch {id} was answered 200 but {(stored.TryGetValue(id, out var m) ? $"{m} of its {sent[id]}" : "none of its")} events are in the store");
        foreach (var id in notRecorded.Keys)
            Assert.False(stored.ContainsKey(id), $"batch {id} was answered 503 (nothing recorded) but {stored.GetValueOrDefault(id)} of its events are in the store");
        foreach (var (id, n) in stored)
        {
            Assert.True(sent.TryGetValue(id, out var size), $"events of batch {id}, which no writer sent");
            Assert.True(n == size, $"batch {id}: {n} of its {size} events are in the store (half a batch)");
        }
        Assert.True(stored.Count >= answered.Count);

        var verify = await LedgerCli.RunAsync("--store", Store, "verify");
        Assert.True(verify.ExitCode == 0, $"verify after the kill: exit {verify.ExitCode}\n{verify.Out}{verify.Error}");

        // The read model the killed server was writing answers as one made afresh from the store (a copy's, made on first use).
        var copy = _folder.File("copy.db");
        await using (var connection = new SqliteConnection($"Data Source={Store};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = $"VACUUM INTO '{copy}'";
            await vacuum.ExecuteNonQueryAsync();
        }
        var reached = 0;
        foreach (var counterpart in Counterparts)
        {
            // How many events (all statements) the store holds of the relationship: a kill after a few batches can leave one that
            // no batch reached, whose history is empty (exit 0: not an error) and whose state has no statement, from either read model.
            var history = await LedgerCli.RunAsync("--store", Store, "history", "RU", counterpart, "--json");
            Assert.True(history.ExitCode == 0, history.Error);
            var recorded = JsonNode.Parse(history.Out)!.AsArray().Count;
            if (recorded > 0) reached++;
            var kept = await LedgerCli.RunAsync("--store", Store, "state", "RU", counterpart, "--as-of", "2024-12-31", "--json");
            var fresh = await LedgerCli.RunAsync("--store", copy, "state", "RU", counterpart, "--as-of", "2024-12-31", "--json");
            Assert.True(kept.ExitCode == 0, kept.Error);
            Assert.True(fresh.ExitCode == 0, fresh.Error);
            var expected = Math.Min(recorded, StatementsAspect.LatestKept); // every effective date is before the day asked about
            Assert.Equal(Items(fresh.Out, expected, "a read model made afresh from a copy of the store"), Items(kept.Out, expected, "the read model the killed server was writing"));
        }
        Assert.True(reached > 0, "no relationship holds a statement: nothing was compared");

        // And a server started again on the same files records on.
        await using (var again = await ServeProcess.StartAsync(_folder.Path, Store))
        {
            using var response = await again.Client.PostAsJsonAsync("/commands/batch", Batch(Guid.NewGuid(), 2, rng));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "verify")).ExitCode);
    }

    private static object Batch(Guid correlation, int size, Random rng) => new
    {
        correlationId = correlation,
        recordedBy = "writer",
        sources = new[] { new { publisher = "Reuters", title = "Statements" } },
        commands = Enumerable.Range(0, size).Select(_ => new
        {
            command = "make-statement",
            actor = "RU",
            counterpart = Counterparts[rng.Next(Counterparts.Length)],
            speaker = "Sergey Lavrov",
            stance = "neutral",
            summary = $"statement {rng.Next():x8}",
            effectiveDate = $"20{10 + rng.Next(14)}-0{1 + rng.Next(9)}",
        }).ToArray(),
    };

    /// <summary>The batches in the store, by the correlation id their events carry, and how many events each has there.</summary>
    private async Task<Dictionary<Guid, int>> StoredBatchesAsync()
    {
        var batches = new Dictionary<Guid, int>();
        await using var connection = await StoredJson.OpenAsync(Store, readOnly: true);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_of(metadata) FROM events WHERE stream LIKE 'relationship-%'";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = JsonNode.Parse(reader.GetString(0))!["$correlationId"]!.GetValue<Guid>();
            batches[id] = batches.GetValueOrDefault(id) + 1;
        }
        return batches;
    }

    /// <summary>The state's answer without what says which read model file answered it, once it is known to hold the <paramref name="statements"/> expected.</summary>
    private static string Items(string json, int statements, string from)
    {
        var state = JsonNode.Parse(json)!.AsObject();
        Assert.True(state["statements"]!.AsArray().Count == statements, $"{statements} statements expected in the answer from {from}: {json}");
        Assert.True(state.Remove("readModel"), json);
        return state.ToJsonString();
    }

    public void Dispose() => _folder.Dispose();
}
