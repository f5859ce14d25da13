using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// One page of the feed. <see cref="LastPosition"/> is how far the page read — past events a filter
/// left out — so the next page (<see cref="Next"/>) never reads them again; <see cref="LastEventId"/> is the event
/// there, which <see cref="Next"/> names as <c>afterEventId</c> so that following it is a checked resume. <see cref="EndOfLog"/>:
/// the page reached the end of the log; poll <see cref="Next"/> later, or use the event stream. <see cref="EmptyPositions"/>:
/// the runs of positions the page passed over because their events were deleted from the embedded store's file; null where
/// positions are not counted (KurrentDB, whose positions have gaps everywhere) or the page reads one stream (its revisions tell).
/// <see cref="HiddenStreams"/>: on KurrentDB, the hidings of the feed's relationship streams by another client whose records
/// the page read past (<see cref="CrossedHiding"/>); null on a store that records none (the embedded store).
/// </summary>
public sealed record EventPage(IReadOnlyList<FeedItem> Events, string? LastPosition, Guid? LastEventId, bool EndOfLog, string Next,
    IReadOnlyList<EmptyPositions>? EmptyPositions, IReadOnlyList<CrossedHiding>? HiddenStreams)
{
    /// <summary>The most events one page reads past (filtered out) before it answers, so a narrow filter cannot make one request read the whole log.</summary>
    public const int ScanBudget = 10_000;

    /// <param name="afterEventId">The event at <paramref name="after"/>, as read there (<see cref="FeedInput.StartAsync"/>), whether or not the client named it.</param>
    public static async Task<EventPage> ReadAsync(IEventStore store, string path, GlobalPosition? after, Guid? afterEventId, int limit, FeedFilter filter, CancellationToken ct)
    {
        var events = new List<FeedItem>();
        var position = after;
        var lastId = afterEventId;
        var endOfLog = false;
        var budget = ScanBudget;
        var jumped = false;
        // The hiding records read: named once an event after them is read, so that the page's checkpoint (an event's position)
        // is past them and a consumer following 'next' is told each once; at the end of the log, named all the same (a record
        // is no event, and the checkpoint cannot stand on it: until an event follows, each page that reaches the end names it
        // again — a consumer that waited for an event after it might never hear of it). The read goes on past them (readFrom).
        var hidings = store as IReadsHidingRecords;
        var (crossed, pending) = (hidings is null ? null : new List<CrossedHiding>(), new List<CrossedHiding>());
        // Each chunk is read on from the event the one before ended on — the first from the event the start's check found there —
        // in one statement with it (IEventStore.ReadAllAsync with the event there), so a page is read from one history.
        var (readFrom, standingOn) = (after, afterEventId);
        while (events.Count < limit && !endOfLog && budget > 0)
        {
            var chunk = Math.Min(budget, Math.Max(limit - events.Count, filter.Types is null ? 1 : 500));
            var read = 0;
            await foreach (var e in store.ReadAllAsync(readFrom, standingOn, chunk, filter.StoreFilter, ct))
            {
                read++;
                (readFrom, standingOn) = (e.Position, e.EventId);
                if (HidingRecord.Is(e))
                {
                    if (hidings?.HidingOf(e) is { } hidden && filter.Names(hidden)) pending.Add(CrossedHiding.Of(hidden));
                    continue;
                }
                crossed?.AddRange(pending);
                pending.Clear();
                jumped |= Feed.EmptyPositions.Jumps(position, e.Position);
                (position, lastId) = (e.Position, e.EventId);
                if (!filter.Matches(e)) continue;
                events.Add(FeedItem.Of(e));
                if (events.Count == limit) break;
            }
            budget -= read;
            endOfLog = read < chunk && events.Count < limit;
        }
        if (endOfLog) crossed?.AddRange(pending);
        var last = position?.ToString();
        var next = $"{path}?limit={limit}{(last is null ? "" : $"&after={Uri.EscapeDataString(last)}")}{(lastId is { } id ? $"&afterEventId={id:D}" : "")}{filter.Query}";
        var empty = store is ICountsPositions counted && filter.Stream is null
            ? jumped && position is { } through ? await Feed.EmptyPositions.CrossedAsync(counted, after, through, ct) : []
            : null;
        return new(events, last, lastId, endOfLog, next, empty, crossed);
    }
}
