using System.Diagnostics;
using System.Net;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Api.Commands;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Benchmarks.Generation;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro http --store F.db [--events N] [--reserve R] [--commands C] [--warmup W] [--writers 16] [--prewarm]
/// [--durability normal] [--no-live-projections] [--in-process]</c>: the next C generated changes of the ledger in F.db (written by
/// <c>generate</c> with the same spec), sent as <c>POST /commands/&lt;name&gt;</c> to the real API on Kestrel on
/// loopback, in this process, by a bounded load generator: W writers, each waiting for its answer before it sends
/// its next command, so never more than W requests in flight. Each relationship's commands go to one writer, in
/// order (writers racing on one relationship would be refused for ordering, not for speed). The first
/// <c>--warmup</c> commands (default 1,000) are sent the same way but not timed. Works on copies of F.db and of F.projections.db (the read model the server keeps
/// live) when there is one. Every command must be answered 201: anything else is a generator bug and fails the run.
/// <c>--in-process</c> keeps the server (and its live read model) but sends the same commands by the same writers
/// through MediatR in a scope of the server's container, as the endpoint does: the difference is what HTTP costs.
/// <para>
/// <c>--url http://127.0.0.1:PORT --key KEY [--server-pid PID]</c> sends the same commands to a server started apart
/// (<c>ledger serve --store F.db</c>, a recorder key) instead, so that the server's CPU is its own: with
/// <c>--server-pid</c> the run reports the server's CPU per command beside the load generator's. F.db is then the file the
/// server serves (no copy is made: serve a fresh copy for every run), read only to count the transactions its commands took.
/// </para>
/// </summary>
public static class HttpCommandsScenario
{
    public static async Task RunAsync(Options o)
    {
        var writers = o.Int("writers", 16);
        var (tail, warmup) = o.NextCommands();
        var requests = tail.Select(c => (Command: c, Http: HttpCommand.Of(c))).ToList();
        var inProcess = o.Flag("in-process");
        if (o.Text("url") is { } url)
        {
            await RunAgainstServerAsync(o, url, requests, warmup, writers);
            return;
        }

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
            if (o.Flag("prewarm")) await Prewarm.RunAsync(api.Services, tail);

            Func<(RecordCommand, HttpCommand), Task> send = inProcess ? w => SendInProcessAsync(api.Services, w.Item1) : w => PostAsync(api.Http, w.Item2);
            await SendAsync(requests.Take(warmup).ToList(), writers, send, []);
            var latencies = new List<double>(tail.Count);
            var from = CommitGroups.LastPosition(path);
            var cpu = Measure.Cpu();
            var elapsed = await Measure.TimeAsync(() => SendAsync(requests.Skip(warmup).ToList(), writers, send, latencies));
            cpu = Measure.Cpu() - cpu;
            Measure.Rate($"commands {(inProcess ? "in process (MediatR, no HTTP)" : "over HTTP")}, {writers} writers", latencies.Count, elapsed, "commands");
            Measure.Latencies("command latency (request to answer)", latencies);
            Measure.CpuPer("CPU, whole process (client + server)", cpu, latencies.Count, elapsed, "command");
            CommitGroups.Report("store transactions (timed part)", path, from);
            Measure.Memory("http");
        }
        finally
        {
            Ledgers.Delete(path);
            Ledgers.Delete(readModel);
        }
    }

    /// <summary>
    /// The same writers and commands against a server in another process: its history cache is not prewarmed (it is not in
    /// reach), so give a warm-up long enough to touch the relationships (<c>--warmup</c>).
    /// </summary>
    private static async Task RunAgainstServerAsync(Options o, string url, List<(RecordCommand Command, HttpCommand Http)> requests, int warmup, int writers)
    {
        var store = o.Required("store");
        int? serverPid = o.Long("server-pid") is { } pid ? checked((int)pid) : null;
        using var http = LoopbackApi.Client(new Uri(url), o.Required("key"), writers);
        Measure.Report("server", $"{url} (another process{(serverPid is { } p ? $", pid {p}" : "")}), store {store}");
        await CatchUpReadModelAsync(http, requests[0].Command.Parties());
        Func<(RecordCommand, HttpCommand), Task> send = w => PostAsync(http, w.Item2);
        await SendAsync(requests.Take(warmup).ToList(), writers, send, []);
        var latencies = new List<double>(requests.Count);
        var from = CommitGroups.LastPosition(store);
        var (cpu, serverCpu) = (Measure.Cpu(), serverPid is { } before ? ProcessCpu.Of(before) : TimeSpan.Zero);
        var elapsed = await Measure.TimeAsync(() => SendAsync(requests.Skip(warmup).ToList(), writers, send, latencies));
        cpu = Measure.Cpu() - cpu;
        Measure.Rate($"commands over HTTP to another process, {writers} writers", latencies.Count, elapsed, "commands");
        Measure.Latencies("command latency (request to answer)", latencies);
        if (serverPid is { } after) Measure.CpuPer("CPU, server process", ProcessCpu.Of(after) - serverCpu, latencies.Count, elapsed, "command");
        Measure.CpuPer("CPU, load generator process", cpu, latencies.Count, elapsed, "command");
        CommitGroups.Report("store transactions (timed part)", store, from);
        Measure.Memory("http (load generator)");
    }

    /// <summary>
    /// W writers over one client, each owning the relationships that hash to it and sending their commands in the
    /// generator's order, one at a time: at most W requests in flight whatever the server's speed (a closed loop).
    /// </summary>
    private static async Task SendAsync(IReadOnlyList<(RecordCommand Command, HttpCommand Http)> requests, int writers,
        Func<(RecordCommand, HttpCommand), Task> send, List<double> latencies)
    {
        var shares = Enumerable.Range(0, writers).Select(_ => new List<(RecordCommand, HttpCommand)>()).ToList();
        foreach (var request in requests) shares[(int)(StableHash(request.Http.Relationship) % (uint)writers)].Add(request);
        var perWriter = await Task.WhenAll(shares.Select(share => Task.Run(async () =>
        {
            var own = new List<double>(share.Count);
            foreach (var request in share)
            {
                var start = Stopwatch.GetTimestamp();
                await send(request);
                own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return own;
        })));
        foreach (var own in perWriter) latencies.AddRange(own);
    }

    private static async Task PostAsync(HttpClient http, HttpCommand request)
    {
        using var content = new ByteArrayContent(request.Json);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(request.Path, content);
        var replayed = response.Headers.Contains(CommandEndpoints.ReplayedHeader);
        if (response.StatusCode != HttpStatusCode.Created || replayed)
            throw new InvalidOperationException(
                $"POST {request.Path} answered {(int)response.StatusCode}{(replayed ? " (replayed: is the store from another spec?)" : "")}: " +
                $"{await response.Content.ReadAsStringAsync()}{Environment.NewLine}body sent: {System.Text.Encoding.UTF8.GetString(request.Json)}");
    }

    /// <summary>What the endpoint does once it has read the body: the command through MediatR, in a request's scope.</summary>
    private static async Task SendInProcessAsync(IServiceProvider services, RecordCommand command)
    {
        await using var scope = services.CreateAsyncScope();
        var recorded = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
        if (recorded.AlreadyRecorded) throw new InvalidOperationException($"{command.CommandId} was recorded already: is the store from another spec?");
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
