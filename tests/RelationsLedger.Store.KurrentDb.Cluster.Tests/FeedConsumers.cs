using System.Collections.Concurrent;
using System.Text.Json;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>One event as a downstream service took it from the feed: its position, id and stream, and when it took it.</summary>
internal sealed record FedEvent(GlobalPosition Position, Guid EventId, string Stream, DateTimeOffset TakenAt);

/// <summary>
/// A downstream service reading the feed of <c>ledger serve</c> as the docs tell it to: it keeps the checkpoint of the last
/// event it handled (position and event id) and, whatever fails, starts again from it. What it took is in <see cref="Events"/>;
/// every answer that was not an event or a page (a status and its body, a connection that failed) in <see cref="Answers"/>.
/// </summary>
internal abstract class FeedConsumer(string name, string checkpoint)
{
    public string Name { get; } = name;
    public ConcurrentQueue<FedEvent> Events { get; } = new();
    public ConcurrentQueue<string> Answers { get; } = new();

    /// <summary>The last event handled, as <c>position@eventId</c>: the feed's <c>id:</c>, and what <c>after</c> takes.</summary>
    protected string Checkpoint { get; set; } = checkpoint;

    protected System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();

    protected void Took(JsonElement e)
    {
        var item = new FedEvent(GlobalPosition.Parse(e.GetProperty("position").GetString()!), e.GetProperty("eventId").GetGuid(), e.GetProperty("stream").GetString()!, DateTimeOffset.UtcNow);
        Events.Enqueue(item);
        Checkpoint = $"{item.Position}@{item.EventId:D}";
    }

    protected void Answered(string what) => Answers.Enqueue($"{Clock.Elapsed.TotalSeconds,7:F2} s {Name}: {what}");

    /// <summary>The answers with this status, e.g. 400: a refusal the consumer must not retry.</summary>
    public IEnumerable<string> AnswersWith(int status) => Answers.Where(a => a.Contains($": {status} ", StringComparison.Ordinal));

    /// <summary>The longest time between two events this consumer took among <paramref name="ids"/> (how long a failover kept it waiting).</summary>
    public TimeSpan LongestPause(IReadOnlySet<Guid> ids)
    {
        var times = Events.Where(e => ids.Contains(e.EventId)).Select(e => e.TakenAt).ToList();
        return times.Count < 2 ? TimeSpan.Zero : times.Zip(times.Skip(1)).Max(p => p.Second - p.First);
    }

    public abstract Task RunAsync(CancellationToken ct);
}

/// <summary>Pages of <c>GET /events</c> from the checkpoint, each from the instance <paramref name="instance"/> picks (one, or several behind a load balancer).</summary>
internal sealed class PagingConsumer(string name, string checkpoint, Func<int, HttpClient> instance) : FeedConsumer(name, checkpoint)
{
    public override async Task RunAsync(CancellationToken ct)
    {
        for (var page = 0; !ct.IsCancellationRequested; page++)
        {
            try
            {
                var at = Checkpoint.Split('@');
                using var response = await instance(page).GetAsync($"/events?limit=200&after={at[0]}&afterEventId={at[1]}", ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                {
                    Answered($"{(int)response.StatusCode} {text}");
                    await Task.Delay(200, ct);
                    continue;
                }
                using var json = JsonDocument.Parse(text);
                foreach (var e in json.RootElement.GetProperty("events").EnumerateArray()) Took(e);
                if (json.RootElement.GetProperty("endOfLog").GetBoolean()) await Task.Delay(50, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Answered($"failed: {e.GetType().Name}: {e.Message}");
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }
}

/// <summary>
/// <c>GET /events/stream</c> from the checkpoint (<c>Last-Event-ID</c>), reconnecting with it whenever the stream ends or
/// <see cref="Drop"/> cuts it (a consumer restarted, a connection lost), as a browser's EventSource does.
/// </summary>
internal sealed class StreamingConsumer(string name, string checkpoint, HttpClient http, string path = "/events/stream") : FeedConsumer(name, checkpoint)
{
    private CancellationTokenSource _connection = new();

    /// <summary>Comment lines other than heartbeats and the opening <c>: after</c>, as the stream sent them.</summary>
    public ConcurrentQueue<string> Comments { get; } = new();

    public int Connections { get; private set; }

    public void Drop()
    {
        try
        {
            _connection.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Between two connections: nothing to cut.
        }
    }

    public override async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            _connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var c = _connection.Token;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("Last-Event-ID", Checkpoint);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, c);
                Connections++;
                if (!response.IsSuccessStatusCode)
                {
                    Answered($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(c)}");
                    await Task.Delay(200, ct);
                    continue;
                }
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(c));
                string? data = null;
                while (await reader.ReadLineAsync(c) is { } line)
                {
                    if (line.Length == 0 && data is not null)
                    {
                        using var json = JsonDocument.Parse(data);
                        Took(json.RootElement);
                        data = null;
                    }
                    else if (line.StartsWith("data:", StringComparison.Ordinal)) data = line[5..];
                    else if (line.StartsWith(':') && line is not ": heartbeat" && !line.StartsWith(": after ", StringComparison.Ordinal)) Comments.Enqueue($"{Clock.Elapsed.TotalSeconds,7:F2} s {line}");
                }
                Answered("the stream ended");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
            {
                if (!c.IsCancellationRequested) Answered($"failed: {e.GetType().Name}: {e.Message}");
                await Task.Delay(200, CancellationToken.None);
            }
            finally
            {
                _connection.Dispose();
            }
        }
    }
}
