using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Api.Security;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// The feed as Server-Sent Events: every event after <c>start</c> in global order (the catch-up),
/// then each new one as it is appended, on one catch-up subscription of the store — which never
/// skips or repeats an event. Each event's <c>id:</c> is its global position, so a client that
/// reconnects with <c>Last-Event-ID</c> goes on exactly after the last event it received. A comment
/// line every heartbeat interval keeps idle connections open through proxies.
/// </summary>
/// <remarks>
/// Written by hand rather than with ASP.NET Core 10's <c>TypedResults.ServerSentEvents</c>: that result (and
/// <c>SseFormatter</c> under it) writes only events, never comment lines, and the heartbeat and the opening
/// <c>: after …</c> line are comments in the feed's documented wire contract (docs/api.md) — as events they would
/// reach every client's message handler (so are <c>: server stopping</c> and <c>: key revoked</c>). The format written here is a few fixed line shapes, tested byte for byte.
/// </remarks>
public sealed class ServerSentEvents(IEventStore store, FeedFilter filter, GlobalPosition? start, Guid? startEvent, TimeSpan heartbeat, TimeSpan stallDeadline, StreamSlots.Place place) : IResult
{
    public const string ContentType = "text/event-stream";

    private abstract record Item;
    private sealed record EventItem(RecordedEvent Event) : Item;
    private sealed record Heartbeat : Item;
    private sealed record Crossed(EmptyPositions Run) : Item;
    private sealed record Hidden(CrossedHiding Hiding) : Item;
    private sealed record Notice(string Comment) : Item;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var body = httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        try
        {
            await StreamAsync(httpContext, body);
        }
        finally
        {
            httpContext.Features.Set(body);
            place.Release();
        }
    }

    private async Task StreamAsync(HttpContext http, IHttpResponseBodyFeature body)
    {
        var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<ServerSentEvents>();
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        // The stream's key removed from the configuration (a reload of the keys) ends the stream as the server's stop does.
        var revoked = http.RequestServices.GetRequiredService<ApiKeyRing>().Revocation(http.User.FindFirst(ApiKeyAuthentication.KeyClaim)?.Value);
        var watch = http.RequestServices.GetService<IStreamWriteWatch>();
        // A client that stopped reading ends the stream too: a write that waits on it for Api:StalledStreamSeconds aborts its
        // connection (it takes no last line: its buffers are full), as an answer's does. Before, it kept its key's stream place,
        // its subscription and its buffers until the server stopped or its key was revoked.
        using var stalled = new CancellationTokenSource();
        http.Features.Set<IHttpResponseBodyFeature>(new WatchedResponseBody(body, stallDeadline, written => GiveUp(http, log, written, stalled)));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping, revoked, stalled.Token);
        var ct = cts.Token;
        // Writes end at once when the client goes away, but when the server stops (or the key is revoked) only after a
        // grace: Kestrel aborts a connection whose write is cancelled midway, and a consumer reading along saw a reset
        // instead of the end of the stream. Within the grace the event being written is finished and the stream ends after it, cleanly.
        using var writes = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        using var grace = stopping.Register(() => writes.CancelAfter(StopGrace));
        using var revokedGrace = revoked.Register(() => writes.CancelAfter(StopGrace));

        http.Response.ContentType = ContentType;
        http.Response.Headers.CacheControl = "no-store"; // as every answer that needs a key (AnswerHeaders); before round 70 "no-cache", which lets a cache keep it
        http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass each event on at once
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // One writer to the response: events and heartbeats meet in a channel. Bounded, so a slow
        // client slows the subscription down rather than filling the server's memory.
        var channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(256) { SingleReader = true });
        var outage = http.RequestServices.GetRequiredService<StoreOutage>();
        var pump = PumpAsync(channel.Writer, log, outage, http.RequestServices.GetRequiredService<AnotherLedgerLog>(), ct);
        var beat = BeatAsync(channel.Writer, ct);
        var away = TellOutagesAsync(channel.Writer, outage, ct);
        try
        {
            await WriteAsync(http, $"retry: 1000\n: after {start?.ToString() ?? "start"}\n\n", watch, writes.Token);
            await foreach (var item in channel.Reader.ReadAllAsync(ct))
            {
                ct.ThrowIfCancellationRequested(); // a backlog in the channel is not written once the server stops
                var text = item switch
                {
                    EventItem e => $"id: {FeedInput.EventToken(e.Event)}\ndata: {JsonSerializer.Serialize(FeedItem.Of(e.Event), LedgerJson.Answers)}\n\n",
                    Crossed c => c.Run.Comment,
                    Hidden h => h.Hiding.Comment,
                    Notice n => n.Comment,
                    _ => ": heartbeat\n\n",
                };
                await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), writes.Token).Watched(http, watch);
                if (channel.Reader.Count == 0) await new ValueTask(http.Response.Body.FlushAsync(writes.Token)).Watched(http, watch);
            }
            // The subscription ends the channel when it sees the stop first (a stream idle at the end of the log): that is
            // the stop, not an end of the log, and is said as one (below).
            ct.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client disconnected or stopped reading, or the server is stopping, or the key was revoked: then it is told
            // which, and the stream ends after the last whole event, which the client resumes after (with a key that is still configured).
            var why = http.RequestAborted.IsCancellationRequested || stalled.IsCancellationRequested ? null
                : stopping.IsCancellationRequested ? ": server stopping\n\n"
                : revoked.IsCancellationRequested ? ": key revoked\n\n"
                : null;
            if (why is not null) await TryWriteAsync(http, why, watch, writes.Token);
        }
        catch (Exception e)
        {
            // The headers are sent: no problem details can follow. End the stream; the client reconnects
            // with its Last-Event-ID and resumes exactly where it was.
            if (e is not (ChannelClosedException or StoreUnavailableException)) log.LogError(e, "The event stream failed");
        }
        finally
        {
            await cts.CancelAsync();
            await Task.WhenAll(pump, beat, away).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PumpAsync(ChannelWriter<Item> writer, ILogger log, StoreOutage outage, AnotherLedgerLog refusals, CancellationToken ct)
    {
        try
        {
            // The embedded store's log read in full (no stream named) shows deleted events as positions passed over: said
            // before the event after them, as a page says them in emptyPositions.
            var counted = filter.Stream is null ? store as ICountsPositions : null;
            // KurrentDB's records of another client hiding events of the feed's streams, said as they come (a page names them
            // in hiddenStreams). A record is no event and has no id:, so a reconnect from an event before it is told again.
            var hidings = store as IReadsHidingRecords;
            var previous = start;
            await foreach (var e in store.SubscribeToAllAsync(start, startEvent, filter.StoreFilter, ct))
            {
                if (HidingRecord.Is(e))
                {
                    if (hidings?.HidingOf(e) is { } hidden && filter.Names(hidden)) await writer.WriteAsync(new Hidden(CrossedHiding.Of(hidden)), ct);
                    continue;
                }
                if (counted is not null && EmptyPositions.Jumps(previous, e.Position))
                    foreach (var run in await EmptyPositions.CrossedAsync(counted, previous, e.Position, ct))
                        await writer.WriteAsync(new Crossed(run), ct);
                previous = e.Position;
                if (filter.Matches(e)) await writer.WriteAsync(new EventItem(e), ct);
            }
            writer.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (StoreUnavailableException e) when (!e.IsRefusal)
        {
            // The store could not be reached when the stream began (a subscription gives up only then): one failure of an outage,
            // which the log says once. The consumer is told before the stream ends, and reconnects after 'retry:' with its Last-Event-ID.
            outage.Failed(e, "An event stream");
            writer.TryWrite(new Notice(": store unavailable: this stream ends; reconnect with Last-Event-ID to resume\n\n"));
            writer.TryComplete(e);
        }
        catch (StoreUnavailableException e) when (e.AnotherLedger)
        {
            // Refused until the server is restarted: said once for the whole server (AnotherLedgerLog), not with a stack per stream.
            refusals.Refused(e, "An event stream");
            writer.TryComplete(e);
        }
        catch (Exception e)
        {
            log.LogError(e, "The event stream's subscription failed");
            writer.TryComplete(e);
        }
    }

    /// <summary>
    /// Tells the consumer, in comment lines (which a client that reads only <c>data:</c> lines passes over), when the store cannot
    /// be reached — once, then again every <see cref="StoreOutage.ReminderInterval"/> — and when it answers again. Meanwhile the
    /// subscription connects again by itself and the stream goes on after the last event it sent. Before round 45 it sent only its
    /// heartbeats, the same as an idle stream's.
    /// </summary>
    private static async Task TellOutagesAsync(ChannelWriter<Item> writer, StoreOutage outage, CancellationToken ct)
    {
        DateTimeOffset? told = null; // the start of the outage the consumer was told of
        try
        {
            while (true)
            {
                var changed = outage.ChangedAsync(ct); // taken before the state is read, so that no change is missed
                var since = outage.Since;
                if (since is { } start && told != start)
                {
                    await writer.WriteAsync(new Notice($": store unavailable since {start:yyyy-MM-ddTHH:mm:ssZ}, retrying; the stream goes on by itself when it is back\n\n"), ct);
                    told = start;
                }
                else if (since is null && told is { } was)
                {
                    await writer.WriteAsync(new Notice($": store available again after {StoreOutage.Duration(DateTimeOffset.UtcNow - was)}\n\n"), ct);
                    told = null;
                }
                if (told is not { } still) await changed;
                else
                {
                    var reminder = Task.Delay(StoreOutage.ReminderInterval, ct);
                    // WhenAny does not throw: once the stream ends (ct) both tasks are cancelled, and without this the loop went
                    // round again at once, for ever, while the store was still away (the wiped node of round 45: the stream never
                    // ended, its response and its key's place held, a core spinning). Awaited, the one that completed throws then.
                    await await Task.WhenAny(changed, reminder);
                    if (!changed.IsCompleted)
                        await writer.WriteAsync(new Notice($": store still unavailable since {still:yyyy-MM-ddTHH:mm:ssZ}, retrying\n\n"), ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task BeatAsync(ChannelWriter<Item> writer, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) writer.TryWrite(new Heartbeat()); // a full channel needs no heartbeat
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The stream's client stopped reading: said with its key, the stream ended and its connection aborted, which gives its place back.</summary>
    private void GiveUp(HttpContext http, ILogger log, long written, CancellationTokenSource stalled)
    {
        log.LogWarning(
            "The event stream of the key '{Key}' ({Path}) made no progress for {Seconds} s after {Bytes} bytes (Api:StalledStreamSeconds): its client " +
            "stopped reading, so the stream is ended, its connection aborted and its place given back (the client resumes with Last-Event-ID).",
            http.User.Identity?.Name, http.Request.Path.Value, stallDeadline.TotalSeconds, written);
        stalled.Cancel();
        http.Abort();
    }

    /// <summary>How long a stream may take, once the server stops or its key is revoked, to finish the event it is writing (a client that stopped reading never lets it).</summary>
    public static TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(2);

    private static async Task TryWriteAsync(HttpContext http, string text, IStreamWriteWatch? watch, CancellationToken ct)
    {
        try
        {
            await WriteAsync(http, text, watch, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // A client that stopped reading: its connection is aborted with the server.
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, IStreamWriteWatch? watch, CancellationToken ct)
    {
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).Watched(http, watch);
        await new ValueTask(http.Response.Body.FlushAsync(ct)).Watched(http, watch);
    }
}
