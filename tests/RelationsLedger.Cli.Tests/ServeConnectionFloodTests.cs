using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RelationsLedger.Testing;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Found by round 40's hostile test, on a real <c>ledger serve</c>: a client that opened more connections than the process
/// may have file descriptors, and sent nothing on them, ended the server — 2,100 idle connections against a limit of 2,048
/// and it printed "Out of memory." and exited, every consumer cut off. Kestrel held every connection it was given (its
/// MaxConcurrentConnections unset). Round 40 bounded them (<c>Api:MaxConnections</c>, 1,000), but Kestrel closed an extra
/// connection only on the thread pool: under load hundreds waited at once, each a descriptor, and this test still ended the
/// server (exit 134) in a full run at load ~25. Since round 49 the transport closes an extra connection as it accepts it, so
/// the server holds at most 1,000 and one more. The process's limit is lowered with prlimit (to 100 over what it holds of its
/// own and the bound: ~1,380), as a service manager would set it, so that a test need not open tens of thousands of sockets.
/// </summary>
public sealed class ServeConnectionFloodTests : IDisposable
{
    private const string Statement = """{ "actor": "RU", "counterpart": "AF", "speaker": "Vladimir Putin", "stance": "ally", "summary": "after the flood", "effectiveDate": "2024-07", "recordedBy": "analyst", "sources": [ { "publisher": "Reuters", "title": "A title", "publishedOn": "2024-07" } ] }""";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public async Task Idle_connections_beyond_the_file_descriptors_the_server_may_have_do_not_end_it_nor_cut_off_its_consumer()
    {
        Skip.IfNot(File.Exists("/usr/bin/prlimit"), "prlimit (util-linux) is not installed: the server's file descriptor limit cannot be lowered.");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5)); // only keeps a broken build from hanging the run
        var began = Stopwatch.StartNew();
        await using var server = await ServeProcess.StartAsync(_folder.Path, _folder.File("ledger.db"));
        // A consumer subscribed before the flood (its connection is one of the 1,000 held) must hear what is recorded after it.
        using var consumerClient = FreshClient(server);
        using var stream = await consumerClient.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token));

        // The process may hold what it holds now (its own files, the consumer's connection and store subscription), the
        // 1,000 connections of Api:MaxConnections and 100 more. Since round 49 it holds at most one more than the bound
        // (measured: its own + 1,000 + a few); before, the connections over the bound waited on the thread pool, each
        // a descriptor — up to ~300 at once at load 45 — and at the limit the runtime failed and the process ended.
        var own = Directory.EnumerateFileSystemEntries($"/proc/{server.Id}/fd").Count();
        var nofile = own + 1000 + 100;
        using (var limit = Process.Start("/usr/bin/prlimit", ["--pid", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--nofile={nofile}:{nofile}"]))
        {
            await limit.WaitForExitAsync(cts.Token);
            Assert.Equal(0, limit.ExitCode);
        }

        using (var idle = new IdleConnections())
        {
            for (var i = 0; i < 1700; i++)
            {
                try
                {
                    await idle.OpenAsync(server.Client.BaseAddress!, cts.Token);
                }
                catch (SocketException e)
                {
                    Assert.Fail($"idle connection {i + 1} of 1,700 could not be opened ({e.SocketErrorCode}); the server " +
                        $"{(server.HasExited ? $"ended with exit code {server.ExitCode}" : "still runs")}: {server.Log}");
                }
            }
            // The 700 beyond the bound (701: the consumer holds one) are closed as they are accepted — closed, not reset; before
            // round 40 the server held them all until it could not accept any more, and ended; before round 49 they waited on
            // the thread pool.
            while (idle.EndedByServer() < 700)
            {
                if (server.HasExited) Assert.Fail($"the server ended with exit code {server.ExitCode} under 1,700 idle connections: {server.Log}");
                await Task.Delay(100, cts.Token);
            }
            Assert.False(server.HasExited, server.Log);
            Assert.True(idle.Reset == 0, $"{idle.Reset} of the {idle.EndedByServer()} idle connections the server refused were reset, not closed");
        }

        // Once they are gone, it serves again: a command is recorded…
        while (true)
        {
            Assert.False(server.HasExited, server.Log);
            try
            {
                using var ready = await server.Client.GetAsync("/health/ready", cts.Token);
                if (ready.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException)
            {
                // Closed at once: the server had not yet seen enough of the idle connections go.
            }
            await Task.Delay(200, cts.Token);
        }
        using var recorded = await server.Client.PostAsync("/commands/make-statement",
            new StringContent(Statement, System.Text.Encoding.UTF8, "application/json"), cts.Token);
        Assert.True(recorded.StatusCode == HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync(cts.Token));

        // …the consumer subscribed before the flood hears it…
        while (await events.ReadLineAsync(cts.Token) is { } line)
            if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("after the flood", StringComparison.Ordinal)) break;

        // …and a client that never connected before is answered a question.
        using var fresh = FreshClient(server);
        using var state = await fresh.GetAsync("/relationships/RU/AF/state", cts.Token);
        Assert.True(state.StatusCode == HttpStatusCode.OK, await state.Content.ReadAsStringAsync(cts.Token));
        Assert.Contains("after the flood", await state.Content.ReadAsStringAsync(cts.Token), StringComparison.Ordinal);

        // The refusals are said, once a minute at most (not a line per connection, as Kestrel's own warning was before round 49).
        var said = server.Log.Split('\n').Count(l => l.Contains("Refusing connections:", StringComparison.Ordinal));
        Assert.InRange(said, 1, 1 + (int)began.Elapsed.TotalMinutes);
        Assert.Contains("as 1000 were held, the most Api:MaxConnections allows", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("rejected because the maximum number of concurrent connections", server.Log, StringComparison.Ordinal);
    }

    /// <summary>A client of its own (its own connections), with the server's recorder key.</summary>
    private static HttpClient FreshClient(ServeProcess server)
    {
        var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = server.Client.DefaultRequestHeaders.Authorization;
        return client;
    }
}
