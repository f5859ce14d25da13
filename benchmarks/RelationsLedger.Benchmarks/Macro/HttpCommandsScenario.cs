using System.Diagnostics;
using System.Net;
using RelationsLedger.Api.Commands;
using RelationsLedger.Benchmarks.Generation;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro http --store F.db [--events N] [--reserve R] [--commands C] [--warmup W] [--writers 16] [--prewarm]
/// [--durability normal] [--no-live-projections]</c>: the next C generated changes of the ledger in F.db (written by
/// <c>generate</c> with the same spec), sent as <c>POST /commands/&lt;name&gt;</c> to the real API on Kestrel on
/// loopback, in this process, by a bounded load generator: W writers, each waiting for its answer before it sends
/// its next command, so never more than W requests in flight. Each relationship's commands go to one writer, in
/// order (writers racing on one relationship would be refused for ordering, not for speed). The first
/// <c>--warmup</c> commands (default 1,000) are sent the same way but not timed. Works on copies of F.db and of F.projections.db (the read model the server keeps
/// live) when there is one. Every command must be answered 201: anything else is a generator bug and fails the run.
/// </summary>
public static class HttpCommandsScenario
{
    public static async Task RunAsync(Options o)
    {
        var spec = o.Spec();
        var writers = o.Int("writers", 16);
        var commands = Math.Min(o.Int("commands", 20_000), o.Reserve);
        var warmup = Math.Min(o.Int("warmup", 1_000), commands / 2);
        var tail = LedgerGenerator.Generate(spec).Skip(o.Preloaded).Take(commands).Select(CommandMapper.ToCommand).ToList();
        var requests = tail.Select(HttpCommand.Of).ToList();

        var original = o.Required("store");
        var path = Ledgers.WorkingCopy(original);
        var originalReadModel = Path.ChangeExtension(original, ".projections.db");
        var readModel = File.Exists(originalReadModel) ? Ledgers.WorkingCopy(originalReadModel) : Path.ChangeExtension(path, ".projections.db");
        try
        {
            await using var store = await Ledgers.OpenSqliteAsync(path, o);
            await using var api = await LoopbackApi.StartAsync(store, readModel, o, writers);
            Measure.Report("server", $"{api.Http.BaseAddress} durability {(o.Text("durability") ?? "full").ToUpperInvariant()}, live projections {(o.Flag("no-live-projections") ? "off" : "on")}");
            await CatchUpReadModelAsync(api.Http, tail[0].Parties());
            if (o.Flag("prewarm")) await Prewarm.RunAsync(api.Services, tail.Select(c => Domain.Parties.RelationshipKey.Of(c.Parties().A, c.Parties().B)));

            await SendAsync(api.Http, requests.Take(warmup).ToList(), writers, []);
            var latencies = new List<double>(commands);
            var cpu = Measure.Cpu();
            var elapsed = await Measure.TimeAsync(() => SendAsync(api.Http, requests.Skip(warmup).ToList(), writers, latencies));
            cpu = Measure.Cpu() - cpu;
            Measure.Rate($"commands over HTTP, {writers} writers", latencies.Count, elapsed, "commands");
            Measure.Latencies("command latency (request to answer)", latencies);
            Measure.CpuPer("CPU, whole process (client + server)", cpu, latencies.Count, elapsed, "command");
            Measure.Memory("http");
        }
        finally
        {
            Ledgers.Delete(path);
            Ledgers.Delete(readModel);
        }
    }

    /// <summary>
    /// W writers over one client, each owning the relationships that hash to it and sending their commands in the
    /// generator's order, one at a time: at most W requests in flight whatever the server's speed (a closed loop).
    /// </summary>
    private static async Task SendAsync(HttpClient http, IReadOnlyList<HttpCommand> requests, int writers, List<double> latencies)
    {
        var shares = Enumerable.Range(0, writers).Select(_ => new List<HttpCommand>()).ToList();
        foreach (var request in requests) shares[(int)(StableHash(request.Relationship) % (uint)writers)].Add(request);
        var perWriter = await Task.WhenAll(shares.Select(share => Task.Run(async () =>
        {
            var own = new List<double>(share.Count);
            foreach (var request in share)
            {
                var start = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(request.Json);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync(request.Path, content);
                own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Created || response.Headers.Contains(CommandEndpoints.ReplayedHeader))
                    throw new InvalidOperationException(
                        $"POST {request.Path} answered {(int)response.StatusCode}{(response.Headers.Contains(CommandEndpoints.ReplayedHeader) ? " (replayed: is the store from another spec?)" : "")}: " +
                        $"{await response.Content.ReadAsStringAsync()}{Environment.NewLine}body sent: {System.Text.Encoding.UTF8.GetString(request.Json)}");
            }
            return own;
        })));
        foreach (var own in perWriter) latencies.AddRange(own);
    }

    /// <summary>A state query catches the read model up before it answers: after it, the live projection only follows the run's own commands.</summary>
    private static async Task CatchUpReadModelAsync(HttpClient http, (string A, string B) parties)
    {
        var watch = Stopwatch.StartNew();
        using var state = await http.GetAsync($"/relationships/{Uri.EscapeDataString(parties.A)}/{Uri.EscapeDataString(parties.B)}/state?asOf=2025-12-31");
        if (!state.IsSuccessStatusCode) throw new InvalidOperationException($"state query answered {(int)state.StatusCode}: {await state.Content.ReadAsStringAsync()}");
        Measure.Report("read model caught up (first query)", $"{watch.Elapsed.TotalSeconds:N1} s");
    }

    /// <summary>FNV-1a: the same writer for a relationship in every run (string.GetHashCode differs per process).</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return hash;
    }
}
