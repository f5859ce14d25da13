using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RelationsLedger.Testing;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Found by round 40's hostile test, on a real <c>ledger serve</c>: a client that opened more connections than the process
/// may have file descriptors, and sent nothing on them, ended the server — 2,100 idle connections against a limit of 2,048
/// and it printed "Out of memory." and exited, every consumer cut off. Kestrel held every connection it was given (its
/// MaxConcurrentConnections unset). Now the server holds at most <c>Api:MaxConnections</c> (1,000) and closes the rest as it
/// accepts them: it stays up, and serves again once the idle connections go. The process's limit is lowered with prlimit (to 1,600: the server holds ~300 files of its own),
/// as a service manager would set it, so that a test need not open tens of thousands of sockets.
/// </summary>
public sealed class ServeConnectionFloodTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public async Task Idle_connections_beyond_the_file_descriptors_the_server_may_have_do_not_end_it()
    {
        Skip.IfNot(File.Exists("/usr/bin/prlimit"), "prlimit (util-linux) is not installed: the server's file descriptor limit cannot be lowered.");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // only keeps a broken build from hanging the run
        await using var server = await ServeProcess.StartAsync(_folder.Path, _folder.File("ledger.db"));
        using (var limit = Process.Start("/usr/bin/prlimit", ["--pid", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--nofile=1600:1600"]))
        {
            await limit.WaitForExitAsync(cts.Token);
            Assert.Equal(0, limit.ExitCode);
        }

        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 1700; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                idle.Add(socket);
                try
                {
                    await socket.ConnectAsync(server.Client.BaseAddress!.Host, server.Client.BaseAddress.Port, cts.Token);
                }
                catch (SocketException e)
                {
                    Assert.Fail($"idle connection {i + 1} of 1,700 could not be opened ({e.SocketErrorCode}); the server " +
                        $"{(server.HasExited ? $"ended with exit code {server.ExitCode}" : "still runs")}: {server.Log}");
                }
            }
            // The 700 beyond the bound are closed as they are accepted; before, the server held them all until it could not
            // accept any more, and ended.
            using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (idle.Count(IdleSockets.ClosedByServer) < 700)
            {
                if (server.HasExited) Assert.Fail($"the server ended with exit code {server.ExitCode} under 1,700 idle connections: {server.Log}");
                Assert.False(waited.IsCancellationRequested, $"{idle.Count(IdleSockets.ClosedByServer)} of 1,700 idle connections were closed 60 s after they were opened");
                await Task.Delay(100, cts.Token);
            }
            Assert.False(server.HasExited, server.Log);
        }
        finally
        {
            foreach (var socket in idle) socket.Dispose();
        }

        // Once they are gone, it serves again: a command is recorded.
        using var again = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            Assert.False(server.HasExited, server.Log);
            try
            {
                using var ready = await server.Client.GetAsync("/health/ready", again.Token);
                if (ready.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) when (!again.IsCancellationRequested)
            {
                // Closed at once: the server had not yet seen enough of the idle connections go.
            }
            await Task.Delay(200, again.Token);
        }
        using var recorded = await server.Client.PostAsync("/commands/make-statement", new StringContent(
            """{ "actor": "RU", "counterpart": "AF", "speaker": "Vladimir Putin", "stance": "ally", "summary": "after the flood", "effectiveDate": "2024-07", "recordedBy": "analyst", "sources": [ { "publisher": "Reuters", "title": "A title", "publishedOn": "2024-07" } ] }""",
            System.Text.Encoding.UTF8, "application/json"), cts.Token);
        Assert.True(recorded.StatusCode == HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync(cts.Token));
    }
}
