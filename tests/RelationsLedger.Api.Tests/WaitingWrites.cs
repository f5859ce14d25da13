using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using RelationsLedger.Api.Feed;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// What the server says of its event streams' writes (<see cref="IStreamWriteWatch"/>), by the client's port: which
/// connection has a write waiting on its client, since when, and how each waiting write ended. A test knows from it that
/// a stream is blocked on its client, instead of guessing it from its socket.
/// </summary>
internal sealed class WaitingWrites : IStreamWriteWatch
{
    private readonly ConcurrentDictionary<int, DateTime> _waiting = new();
    private readonly ConcurrentQueue<(int Port, bool Completed)> _ended = new();

    public void Waiting(HttpContext http) => _waiting[http.Connection.RemotePort] = DateTime.UtcNow;

    public void Ended(HttpContext http, bool completed)
    {
        _waiting.TryRemove(http.Connection.RemotePort, out _);
        _ended.Enqueue((http.Connection.RemotePort, completed));
    }

    /// <summary>How each write to <paramref name="port"/> that had to wait ended, in order: true when it completed.</summary>
    public IEnumerable<bool> EndedFor(int port) => _ended.Where(e => e.Port == port).Select(e => e.Completed);

    /// <summary>
    /// Until a write to the client at <paramref name="port"/> has waited <paramref name="for"/> without completing; fails
    /// naming what the server said if none has within <paramref name="within"/>.
    /// </summary>
    public async Task WaitingAsync(int port, TimeSpan @for, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        while (!(_waiting.TryGetValue(port, out var since) && DateTime.UtcNow - since >= @for))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"no write of the stream to the client at port {port} waited {@for.TotalSeconds} s within {within.TotalSeconds} s: the server never " +
                    $"said it was blocked on that client ({EndedFor(port).Count()} of its writes waited and ended, {EndedFor(port).Count(c => c)} of them completed).");
            await Task.Delay(50, ct);
        }
    }
}
