using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace FeedConsumer;

/// <summary>One message of the feed: an event (its id is <c>position@eventId</c>) or a heartbeat.</summary>
public sealed record FeedMessage(string? Id, JsonElement Data)
{
    public bool IsHeartbeat => Id is null;

    /// <summary>The event's global position: its id up to the <c>@</c> (an id from a server before 2026-12 is the position alone).</summary>
    public string? Position => Id?.Split('@')[0];
}

/// <summary>
/// Reads the ledger's event feed (Server-Sent Events) with HttpClient. Each event's id is its global
/// position and its eventId (<c>17@0c5b…</c>); on reconnecting, the last one is sent as <c>Last-Event-ID</c> and the
/// server goes on exactly after it, once it has checked the event is still there — no event is skipped or repeated. Save <see cref="LastEventId"/> after handling
/// each event (it is your checkpoint) to resume across restarts of either side — with <see cref="LastEventGuid"/>,
/// the event's <c>eventId</c>, to be told (an exception, not a silent skip) when the ledger's log is no longer the
/// one the checkpoint was taken from: the server then checks that the event is still at that position.
/// </summary>
public sealed class LedgerFeed(HttpClient http, string path = "/events/stream")
{
    public string? LastEventId { get; private set; }

    /// <summary>The <c>eventId</c> of the event at <see cref="LastEventId"/>.</summary>
    public string? LastEventGuid { get; private set; }

    /// <summary>
    /// One connection: the events after <paramref name="lastEventId"/>, then live ones, until the server or <paramref name="ct"/> ends it.
    /// With <paramref name="lastEventGuid"/> the server first checks that this event is still at that position.
    /// </summary>
    public async IAsyncEnumerable<FeedMessage> ReadAsync(string? lastEventId, string? lastEventGuid = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        (LastEventId, LastEventGuid) = (lastEventId, lastEventGuid);
        var checkedResume = lastEventId is not null && lastEventGuid is not null;
        var uri = checkedResume
            ? $"{path}{(path.Contains('?') ? '&' : '?')}after={Uri.EscapeDataString(lastEventId!)}&afterEventId={Uri.EscapeDataString(lastEventGuid!)}"
            : path;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null && !checkedResume) request.Headers.Add("Last-Event-ID", lastEventId);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
            // Not a failure to retry: the checkpoint is not one of this log (the server says why).
            throw new InvalidOperationException($"The feed refused the checkpoint {lastEventId}: {await response.Content.ReadAsStringAsync(ct)}");
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));

        string? id = null, data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) // a blank line ends a message
            {
                if (data is not null)
                {
                    using var json = JsonDocument.Parse(data);
                    if (id is not null) (LastEventId, LastEventGuid) = (id, json.RootElement.GetProperty("eventId").GetString());
                    yield return new FeedMessage(id, json.RootElement.Clone());
                }
                (id, data) = (null, null);
            }
            else if (line.StartsWith(':')) { if (line.StartsWith(": heartbeat", StringComparison.Ordinal)) yield return new FeedMessage(null, default); }
            else if (line.StartsWith("id:", StringComparison.Ordinal)) id = line[3..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data = data is null ? line[5..].TrimStart() : data + "\n" + line[5..].TrimStart();
        }
    }

    /// <summary>Follows the feed forever: reconnects after any failure (with a growing pause), resuming after the last event received.</summary>
    public async IAsyncEnumerable<FeedMessage> FollowAsync(string? lastEventId, string? lastEventGuid = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var pause = TimeSpan.FromSeconds(1);
        (LastEventId, LastEventGuid) = (lastEventId, lastEventGuid);
        while (!ct.IsCancellationRequested)
        {
            var stream = ReadAsync(LastEventId, LastEventGuid, ct).GetAsyncEnumerator(ct);
            while (true)
            {
                FeedMessage message;
                try
                {
                    if (!await stream.MoveNextAsync()) break;
                    message = stream.Current;
                    pause = TimeSpan.FromSeconds(1);
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    Console.Error.WriteLine($"feed: {e.Message}; reconnecting after {LastEventId ?? "the start"} in {pause.TotalSeconds} s");
                    break;
                }
                yield return message;
            }
            await stream.DisposeAsync();
            await Task.Delay(pause, ct);
            pause = TimeSpan.FromSeconds(Math.Min(pause.TotalSeconds * 2, 30));
        }
    }
}
