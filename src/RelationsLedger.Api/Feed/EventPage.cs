using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// One page of the feed. <see cref="LastPosition"/> is how far the page read — past events a filter
/// left out — so the next page (<see cref="Next"/>) never reads them again. <see cref="EndOfLog"/>:
/// the page reached the end of the log; poll <see cref="Next"/> later, or use the event stream.
/// </summary>
public sealed record EventPage(IReadOnlyList<FeedEvent> Events, string? LastPosition, bool EndOfLog, string Next)
{
    /// <summary>The most events one page reads past (filtered out) before it answers, so a narrow filter cannot make one request read the whole log.</summary>
    public const int ScanBudget = 10_000;

    public static async Task<EventPage> ReadAsync(IEventStore store, string path, GlobalPosition? after, int limit, FeedFilter filter, CancellationToken ct)
    {
        var events = new List<FeedEvent>();
        var position = after;
        var endOfLog = false;
        var budget = ScanBudget;
        while (events.Count < limit && !endOfLog && budget > 0)
        {
            var chunk = Math.Min(budget, Math.Max(limit - events.Count, filter.Types is null ? 1 : 500));
            var read = 0;
            await foreach (var e in store.ReadAllAsync(position, chunk, filter.StoreFilter, ct))
            {
                read++;
                position = e.Position;
                if (!filter.Matches(e)) continue;
                events.Add(FeedEvent.Of(e));
                if (events.Count == limit) break;
            }
            budget -= read;
            endOfLog = read < chunk && events.Count < limit;
        }
        var last = position?.ToString();
        var next = $"{path}?limit={limit}{(last is null ? "" : $"&after={Uri.EscapeDataString(last)}")}{filter.Query}";
        return new(events, last, endOfLog, next);
    }
}
