using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// A feed checkpoint no event is at any more because another client of KurrentDB hid relationship streams (soft delete,
/// tombstone, <c>$tb</c>/<c>$maxCount</c>/<c>$maxAge</c> metadata) and the server's scavenge then took their events out of
/// the global log. The position was given out and the log is the same one, so the feed must not call it "no position of
/// this ledger's feed" or blame a node reset (round 33's open item): it names what was hidden since and where the consumer
/// can go on. A server cannot say which event a scavenged position held, so only the hiding recorded after it is named.
/// </summary>
internal static class RemovedCheckpoint
{
    private const int Named = 3;

    /// <summary>
    /// The 400's text for <paramref name="position"/>, or null when the store hides no relationship stream since it was
    /// recorded (the embedded store's deleted rows are named by <see cref="FeedInput"/> before this is asked).
    /// </summary>
    /// <remarks>
    /// No quote mark after the opening's field name: the text between two of them is cut when over 200 characters
    /// (<c>EchoedText.Bounded</c>), and the streams named make it longer; so the way on is written as the query it is.
    /// </remarks>
    /// <param name="opening">How the message starts: the field, the position, the event the client named there, and that no event is there.</param>
    public static async Task<string?> ExplainAsync(IEventStore store, GlobalPosition position, string opening, CancellationToken ct)
    {
        // First the event before it, read back from the position (a client retrying in a loop must not make the server read
        // the log from its start each time). A log that cannot be read back from there never had an event start there.
        var back = store as IReadsLogBackwards;
        var (fromThere, before) = back is null ? (true, null) : await back.LastBeforeAsync(position, StreamFilter.Relationships, ct);
        if (!fromThere) return null;
        // Streams with no recorded place of their hiding are counted: it cannot be shown to be before the checkpoint. Nor can
        // a count or an age recorded before it: they go on hiding the events recorded after them.
        var hidden = new List<HiddenStream>();
        await foreach (var h in store.HiddenStreamsAsync(ct))
            if (h.EmptyPositions is null && (h.Position is not { } at || at > position || h.HidesLaterEvents)) hidden.Add(h);
        if (hidden.Count == 0) return null;
        // Nearest the checkpoint first: the hidings recorded after it, the closest first, then counts and ages recorded before it,
        // the closest first. Before, the streams were named in the order of their names, and on a server where other streams had
        // been limited by a count the checkpoint's own stream could fall beyond the three named ("; and 2 more").
        hidden = [.. hidden.Where(h => h.Position > position).OrderBy(h => h.Position), .. hidden.Where(h => !(h.Position > position)).OrderByDescending(h => h.Position)];
        if (back is null) before = await LastEventBeforeAsync(store, position, ct);
        var named = string.Join("; ", hidden.Take(Named)) + (hidden.Count > Named ? $"; and {hidden.Count - Named} more" : "");
        var goOn = before is { } q
            ? $"resume with after={q.Position}&afterEventId={q.EventId:D}, the last event before it still in the log"
            : "read from the start of the log (leave after out): no event before it is still in the log";
        // Worded as a condition, not a finding: a position that was never an event's, before the hiding, reads the same.
        return $"{opening}, and the server has hidden {hidden.Count} relationship " +
            $"stream(s) since — {named}. A scavenge takes hidden events out of the global log: if the feed gave this position out, " +
            "its event was one of theirs (another client of KurrentDB changed the streams of the ledger). Nothing after it is sent; " +
            $"ledger verify names what is missing. To go on with what is left, without the removed events, {goOn}.";
    }

    /// <summary>The last relationship event before <paramref name="position"/> of a store that reads only forwards: read from the start.</summary>
    private static async Task<RecordedEvent?> LastEventBeforeAsync(IEventStore store, GlobalPosition position, CancellationToken ct)
    {
        RecordedEvent? last = null;
        await foreach (var e in store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships, ct))
        {
            if (e.Position >= position) break;
            last = e;
        }
        return last;
    }
}
