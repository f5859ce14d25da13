using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// Found by round 40's hostile test: the server held every connection it was given — Kestrel's MaxConcurrentConnections was
/// not set, so unbounded — and a client that opened connections and sent nothing took all the file descriptors the process
/// may have, which ended it (<c>ServeConnectionFloodTests</c>, with a real <c>ledger serve</c>). Now connections beyond
/// <c>Api:MaxConnections</c> are closed as soon as they are accepted (since round 49 in the accept loop itself, not on the
/// thread pool), and the server answers again once the idle ones go.
/// </summary>
public sealed class ConnectionLimitTests
{

    [Fact]
    public async Task Connections_beyond_Api_MaxConnections_are_closed_at_once_and_the_server_answers_again_when_the_idle_ones_go()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxConnections"] = "20" });
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // only keeps a broken build from hanging the run
        var began = System.Diagnostics.Stopwatch.StartNew();

        // 40 connections that send nothing (idle ones are held for Kestrel's keep-alive timeout, 130 s): at most 20 are held, the
        // test's own clients' pooled connections among them, and the rest are closed as soon as the server accepts them —
        // closed, as any connection ends, not reset (a refusal by Abort, tried in round 48, reset them: "Connection reset by peer").
        using (var idle = new IdleConnections())
        {
            for (var i = 0; i < 40; i++) await idle.OpenAsync(server.BaseAddress, cts.Token);
            while (idle.EndedByServer() < 20)
            {
                Assert.False(cts.IsCancellationRequested, $"{idle.EndedByServer()} of 40 idle connections were closed by the server 3 " +
                    "minutes after they were opened, with Api:MaxConnections 20: it holds the rest open");
                await Task.Delay(50, CancellationToken.None);
            }
            Assert.True(idle.Reset == 0, $"{idle.Reset} of the {idle.EndedByServer()} idle connections the server refused were reset, not closed");
        }

        // Once they are gone, others are served: a question and a command (the server sees each close a moment later).
        while (true)
        {
            try
            {
                using var ready = await server.Anonymous.GetAsync("/health/ready", cts.Token);
                if (ready.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException)
            {
                // Refused: the server had not yet seen enough of the idle connections close.
            }
            await Task.Delay(100, cts.Token);
        }
        using var recorded = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "after the idle connections went"));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        // Said once (a minute at most), not a line per connection refused as Kestrel's own warning was before round 49.
        Assert.InRange(server.Log.Lines.Count(l => l.Contains("Refusing connections:", StringComparison.Ordinal) &&
            l.Contains("as 20 were held, the most Api:MaxConnections allows", StringComparison.Ordinal)), 1, 1 + (int)began.Elapsed.TotalMinutes);
    }

    /// <summary>
    /// Round 50: the count of a flood that ended within the minute was never said — the total waited for a refusal after the
    /// minute — so a 30-second flood of thousands of refused connections left one line, saying 1. Now the minute's end says it,
    /// and the server's stop says what came after. Real connections on Kestrel; the server's clock is the test's, whose timers
    /// fire when it is moved (a connection is counted before it is closed, so one seen closed is in the count).
    /// </summary>
    [Fact]
    public async Task A_flood_of_refused_connections_is_said_at_once_its_count_when_the_minute_ends_and_the_rest_when_the_server_stops()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var server = await ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxConnections"] = "1" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // only keeps a broken build from hanging the run
            // The one place, held by an event stream: Kestrel times out neither it nor its connection, however slow the run.
            using var stream = await server.Reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/events/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);

            for (var i = 0; i < 40; i++) await RefusedAsync(server.BaseAddress, cts.Token);
            Assert.Contains("Refusing connections: 1 since ", Assert.Single(Said(server)), StringComparison.Ordinal);
            Assert.Contains("1 as 1 were held, the most Api:MaxConnections allows", Said(server)[0], StringComparison.Ordinal);

            clock.Advance(TimeSpan.FromMinutes(1)); // the flood is over: its count is said when the minute ends
            Assert.Equal(2, Said(server).Length);
            Assert.Contains("Refusing connections: 39 since ", Said(server)[1], StringComparison.Ordinal);
            Assert.Contains(", the last at ", Said(server)[1], StringComparison.Ordinal);
            Assert.Contains("— 39 as 1 were held, the most Api:MaxConnections allows", Said(server)[1], StringComparison.Ordinal);

            for (var i = 0; i < 3; i++) await RefusedAsync(server.BaseAddress, cts.Token);
            Assert.Equal(2, Said(server).Length);
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.Equal(3, Said(server).Length);
        Assert.Contains("Refusing connections: 3 since ", Said(server)[2], StringComparison.Ordinal);
    }

    private static string[] Said(ApiServer server) => [.. server.Log.Lines.Where(l => l.Contains("Refusing connections:", StringComparison.Ordinal))];

    /// <summary>Connects and reads until the server ends the connection, sending nothing: refused, as the place is held.</summary>
    private static async Task RefusedAsync(Uri server, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Host, server.Port, ct);
        try
        {
            Assert.Equal(0, await socket.ReceiveAsync(new byte[1], SocketFlags.None, ct));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Ended all the same; whether a refusal is a close or a reset is the other test's question.
        }
    }

    [Theory]
    [InlineData("0", "Api:MaxConnections must be positive (it is 0).")]
    [InlineData("many", "Api:MaxConnections: 'many' is not a whole number.")]
    public async Task A_connection_bound_that_is_not_a_positive_whole_number_stops_the_server_from_starting(string value, string message)
    {
        var refused = await Assert.ThrowsAsync<RelationsLedger.Api.Hosting.ApiConfigurationException>(() =>
            ApiServer.StartAsync(new Dictionary<string, string?> { ["Api:MaxConnections"] = value }));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }
}
