using Microsoft.AspNetCore.Http;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// Told when a write of an event stream to its client waits (it did not complete at once: the connection's buffers are
/// full, its client is not taking the bytes) and when that write ends, completed or not (cancelled, the connection gone).
/// A diagnostics seam for tests that must know a stream is blocked on its client rather than guess it from the socket:
/// none is registered by the server, where it costs a check of whether the write completed at once.
/// </summary>
internal interface IStreamWriteWatch
{
    void Waiting(HttpContext http);

    void Ended(HttpContext http, bool completed);
}

/// <summary>How <see cref="ServerSentEvents"/> puts its writes under an <see cref="IStreamWriteWatch"/>, if one is registered.</summary>
internal static class StreamWriteWatching
{
    /// <summary><paramref name="write"/> itself unless a watch is registered and the write waits: then the watch is told.</summary>
    public static ValueTask Watched(this ValueTask write, HttpContext http, IStreamWriteWatch? watch) =>
        watch is null || write.IsCompleted ? write : WaitingAsync(write, http, watch);

    private static async ValueTask WaitingAsync(ValueTask write, HttpContext http, IStreamWriteWatch watch)
    {
        watch.Waiting(http);
        var completed = false;
        try
        {
            await write;
            completed = true;
        }
        finally
        {
            watch.Ended(http, completed);
        }
    }
}
