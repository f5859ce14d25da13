using System.Net;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A load balancer's readiness probe (<c>GET /health/ready</c>) through a store outage. Before round 56 each failed probe was
/// logged by ASP.NET Core's health service at Error with the store's stack (17 lines a probe on KurrentDB: a node stopped under
/// <c>ledger serve</c> and probed every few seconds filled the log as round 45 had stopped pages, questions and commands from
/// doing). Now a failed probe is one failure of the outage (<see cref="StoreOutage"/>): the log says it when it starts and when
/// it ends, whatever the number of probes. The embedded store's file taken away and put back, on the real server; the class is
/// the same for KurrentDB (<c>StoreReachable</c> reads no store's particulars).
/// </summary>
public sealed class ReadinessProbeLogTests
{
    [Fact]
    public async Task Failed_readiness_probes_are_one_outage_in_the_log_not_an_error_with_a_stack_each()
    {
        await using var server = await ApiServer.StartAsync(FastProbe);
        using (var first = await server.RecordAsync("impose-designation", Bodies.Designation())) await first.ReadJsonAsync(HttpStatusCode.Created);
        var copy = Path.Combine(server.Folder, "copy.db");
        await LedgerFiles.CopyAsync(server.StorePath, copy);
        LedgerFiles.TakeAway(server.StorePath);

        for (var i = 0; i < 10; i++)
        {
            using var ready = await server.Anonymous.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        LedgerFiles.PutInPlace(copy, server.StorePath);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // only keeps a broken build from hanging the run
        while (!Outage(server).Any(l => l.Contains("answers again", StringComparison.Ordinal))) await Task.Delay(50, patience.Token);
        using (var ready = await server.Anonymous.GetAsync("/health/ready")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        Assert.False(server.Log.Lines.Any(l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal)), server.Log.ToString());
        var lines = Outage(server).ToList();
        Assert.Equal(2, lines.Count); // its start and its end, whatever the number of probes
        Assert.Contains(" cannot be reached since ", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"answers again: it could not be reached for .+; \d{2,} calls to it failed meanwhile\.$", lines[1]); // the 10 probes at least
    }

    /// <summary>The store probed every 0.1 s, for this test's server only (Api:StoreProbeSeconds).</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastProbe = new Dictionary<string, string?> { ["Api:StoreProbeSeconds"] = "0.1" };

    private static IEnumerable<string> Outage(ApiServer server) =>
        server.Log.Lines.Where(l => l.StartsWith($"Warning {typeof(StoreOutage).FullName}:", StringComparison.Ordinal));
}
