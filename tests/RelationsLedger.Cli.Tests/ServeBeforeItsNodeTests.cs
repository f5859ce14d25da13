using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger serve</c> started while its KurrentDB node is down (an operator starting the ledger first, a host booting both,
/// a node restarting), and the node coming up later. Before round 56 the server exited at once, code 4, with one line
/// (<c>KurrentDB at … is unreachable (connecting): …</c>): under a service manager it went round in restarts, by hand it stayed
/// down, although a store that goes away under a running server is waited on. Now it listens, says that the store cannot be
/// reached, answers 503 meanwhile, and goes on by itself once the node answers. Live: KURRENTDB_CONNECTION_STRING names the node,
/// reached through a proxy that first forwards to a port where nothing listens (skipped without it).
/// </summary>
public sealed class ServeBeforeItsNodeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public async Task Serve_started_before_its_node_listens_answers_503_and_goes_on_by_itself_once_the_node_answers()
    {
        var settings = ServerUnderTest.RequireOneInsecureNode();
        await using var proxy = new TcpProxy("127.0.0.1", NothingListens());
        await using var serve = await ServeProcess.StartAsync(_folder.Path, $"esdb://127.0.0.1:{proxy.Port}?tls=false");

        Assert.Contains($"KurrentDB at 127.0.0.1:{proxy.Port} is unreachable", serve.Log, StringComparison.Ordinal);
        Assert.Contains("Serving all the same: until it answers, what needs it is answered 503 store-unavailable", serve.Log, StringComparison.Ordinal);
        using (var ready = await serve.Client.GetAsync("/health/ready")) Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using (var page = await serve.Client.GetAsync("/events"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("store-unavailable", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        proxy.Retarget(settings.Hosts[0].Host, settings.Hosts[0].Port); // the node is up
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // only keeps a broken build from hanging the run
        while (true)
        {
            using var ready = await serve.Client.GetAsync("/health/ready", patience.Token);
            if (ready.StatusCode == HttpStatusCode.OK) break;
            await Task.Delay(200, patience.Token);
        }
        var party = $"sb-{Guid.NewGuid():N}"[..16];
        using var recorded = await serve.Client.PostAsync("/commands/make-statement", JsonContent(new JsonObject
        {
            ["actor"] = "RU", ["counterpart"] = party, ["speaker"] = "Vladimir Putin", ["stance"] = "ally", ["summary"] = "Recorded once the node answered.", ["effectiveDate"] = "2024-07",
            ["recordedBy"] = "tester", ["sources"] = new JsonArray(new JsonObject { ["publisher"] = "Reuters", ["title"] = "A report", ["publishedOn"] = "2024-07" }),
        }), patience.Token);
        Assert.True(recorded.StatusCode == HttpStatusCode.Created, $"{recorded.StatusCode}: {await recorded.Content.ReadAsStringAsync()}\n{serve.Log}");
        var page2 = JsonNode.Parse(await serve.Client.GetStringAsync($"/relationships/RU/{party}/events", patience.Token))!;
        Assert.Single(page2["events"]!.AsArray());
        Assert.False(serve.HasExited);
    }

    /// <summary>A loopback port nothing listens on (taken and given back).</summary>
    private static int NothingListens()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
