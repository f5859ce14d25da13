using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using RelationsLedger.Api;
using RelationsLedger.Api.Security;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Macro;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Benchmarks.Cluster;

/// <summary>
/// <c>macro replicas [--commands 300] [--reader follower|leader]</c>: two <c>ledger serve</c> instances on the cluster in
/// KURRENTDB_CLUSTER, on two ports, each with its own read model; commands are posted to the first one by one and
/// the second is asked (a state query, which catches its read model up first) until its read model has the
/// command's event. Prints that lag (p50/p99): how soon a command accepted by one replica is answered by the other.
/// </summary>
public static class ReplicaLagScenario
{
    private const string Key = "rl_bench-replica-key";

    public static async Task RunAsync(Options o)
    {
        var cs = ClusterEnvironment.ConnectionString;
        var (commands, reader) = (o.Int("commands", 300), o.Text("reader") ?? "follower");
        var folder = Directory.CreateTempSubdirectory("relationsledger-replicas-");
        try
        {
            await using var a = await Serve.StartAsync(cs, folder.FullName, "a");
            await using var b = await Serve.StartAsync(ClusterEnvironment.With(cs, $"nodePreference={reader}"), folder.FullName, "b");
            Measure.Report("replicas", $"A {a.Http.BaseAddress} (reads from the leader), B {b.Http.BaseAddress} (reads from the {reader})");
            var run = Guid.NewGuid().ToString("N")[..8];
            // Each read model starts empty: its first query catches up the whole log, which is not the lag measured here.
            var warm = Stopwatch.StartNew();
            await PositionAsync(a, $"rp{run}-a", $"rp{run}-b");
            await PositionAsync(b, $"rp{run}-a", $"rp{run}-b");
            Measure.Report("first catch-up of both read models", $"{warm.Elapsed.TotalSeconds:N1} s");
            var lags = new List<double>();
            var (staleButCurrent, staleAndSaid) = (0, 0);
            for (var n = 0; n < commands; n++)
            {
                var body = new { partyA = $"rp{run}-a", partyB = $"rp{run}-b", kind = "meeting", title = $"meeting {n}", effectiveDate = "2025-01-01", recordedBy = "benchmark",
                    sources = new[] { new { publisher = "Reuters", title = "A report", publishedOn = "2025-01" } } };
                using var posted = await a.Http.PostAsJsonAsync("/commands/hold-engagement", body);
                posted.EnsureSuccessStatusCode();
                using var accepted = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
                var position = GlobalPosition.Parse(accepted.RootElement.GetProperty("globalPosition").GetString()!);
                var lag = Stopwatch.StartNew();
                // What B's first answer after A accepted told its reader: "current" (isCurrent, behind 0) without the event is
                // the staleness of its node (a follower trailing the leader), not said in the answer.
                var first = await ReadModelAsync(b, $"rp{run}-a", $"rp{run}-b");
                if (first.Position < position) (first.IsCurrent ? ref staleButCurrent : ref staleAndSaid)++;
                while (await PositionAsync(b, $"rp{run}-a", $"rp{run}-b") < position)
                {
                    if (lag.Elapsed > TimeSpan.FromSeconds(30))
                        throw new TimeoutException($"B's read model has not reached {position} after 30 s: is its projection stopped on an event that is not the ledger's (GET /projections)?");
                    await Task.Delay(2);
                }
                lags.Add(lag.Elapsed.TotalMilliseconds);
            }
            Measure.Latencies("accepted by A until answered by B", lags);
            Measure.Report("B's first answer after A accepted", $"without the event in {staleButCurrent + staleAndSaid} of {commands}: " +
                $"{staleButCurrent} said isCurrent true (behind 0), {staleAndSaid} said it was behind");
            Measure.Machine();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<GlobalPosition> PositionAsync(Serve serve, string x, string y) => (await ReadModelAsync(serve, x, y)).Position;

    /// <summary>The state answer's <c>readModel</c>: how far it read, and whether it said it is current.</summary>
    private static async Task<(GlobalPosition Position, bool IsCurrent)> ReadModelAsync(Serve serve, string x, string y)
    {
        using var state = await serve.Http.GetAsync($"/relationships/{x}/{y}/state?asOf=2025-12-31");
        state.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await state.Content.ReadAsStringAsync());
        var readModel = json.RootElement.GetProperty("readModel");
        return (GlobalPosition.Parse(readModel.GetProperty("position").GetString()!), readModel.GetProperty("isCurrent").GetBoolean());
    }

    /// <summary>One <c>ledger serve</c>: the API on a free port, its own store connection and read model.</summary>
    private sealed class Serve : IAsyncDisposable
    {
        private IEventStore _store = null!;
        private WebApplication _app = null!;
        public HttpClient Http { get; private set; } = null!;

        public static async Task<Serve> StartAsync(string connectionString, string folder, string name)
        {
            var serve = new Serve { _store = await KurrentDbEventStore.ConnectAsync(connectionString) };
            serve._app = LedgerApi.Build(new LedgerApiSettings(serve._store, Path.Combine(folder, $"{name}.projections.db"))
            {
                Urls = "http://127.0.0.1:0",
                ContentRoot = folder,
                Configuration = new Dictionary<string, string?>
                {
                    ["Api:Keys:0:Name"] = "bench", ["Api:Keys:0:Hash"] = ApiKeyHash.HexOf(Key), ["Api:Keys:0:Role"] = "recorder",
                    ["Logging:LogLevel:Default"] = "Warning",
                },
            });
            await serve._app.StartAsync();
            serve.Http = new HttpClient { BaseAddress = new Uri(serve._app.Urls.Single()) };
            serve.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            return serve;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            await _store.DisposeAsync();
        }
    }
}
