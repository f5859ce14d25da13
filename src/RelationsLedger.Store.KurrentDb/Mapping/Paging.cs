using System.Runtime.CompilerServices;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Mapping;

/// <summary>
/// Splits a long read into calls of at most one page each. Every call carries the connection's
/// deadline (<c>defaultDeadline</c>, 10 s by default), which covers the whole call: one call for a
/// whole large stream or for all of $all is cut off by it mid-way, however fast the server answers.
/// Paged, every call is short and a read of any length completes.
/// </summary>
internal static class Paging
{
    /// <summary>Events asked for in one call: well under a second of reading on a loaded server.</summary>
    public const int DefaultPageSize = 2048;

    /// <summary>
    /// A stream read of up to <paramref name="maxCount"/> events from <paramref name="from"/>
    /// (inclusive; null: the start, or the end backwards), in calls of at most
    /// <paramref name="pageSize"/> events. <paramref name="readPage"/> reads one call's events from
    /// a revision (null: start or end) and is empty for a stream that does not exist.
    /// </summary>
    public static async IAsyncEnumerable<RecordedEvent> Stream(
        ReadDirection direction, ulong? from, long maxCount, int pageSize,
        Func<ulong?, ulong, IAsyncEnumerable<RecordedEvent>> readPage, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var remaining = maxCount;
        var next = from;
        while (remaining > 0)
        {
            var page = (ulong)Math.Min(remaining, pageSize);
            ulong got = 0, last = 0;
            await foreach (var e in readPage(next, page).WithCancellation(ct))
            {
                got++;
                last = e.Revision;
                yield return e;
            }
            remaining -= (long)got;
            if (got < page) yield break; // the stream ended (or does not exist)
            if (direction == ReadDirection.Forwards) next = last + 1;
            else if (last == 0) yield break;
            else next = last - 1;
        }
    }

    /// <summary>
    /// A read of $all of up to <paramref name="maxCount"/> events strictly after
    /// <paramref name="after"/> (null: from the start) that <paramref name="matches"/> accepts, in
    /// calls of at most <paramref name="pageSize"/> (+1) events. <paramref name="readPage"/> reads one
    /// call forwards from a position, inclusive, as the server does: each call after the first asks
    /// for one more event and drops the one at its starting position, already delivered.
    /// </summary>
    public static async IAsyncEnumerable<RecordedEvent> All(
        GlobalPosition? after, long maxCount, int pageSize, Func<RecordedEvent, bool> matches,
        Func<GlobalPosition?, ulong, IAsyncEnumerable<RecordedEvent>> readPage, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var start = after;
        long delivered = 0;
        while (delivered < maxCount)
        {
            var want = (ulong)Math.Min(maxCount - delivered, pageSize);
            var count = start is null ? want : want + 1;
            ulong scanned = 0;
            GlobalPosition? last = null;
            await foreach (var e in readPage(start, count).WithCancellation(ct))
            {
                scanned++;
                last = e.Position;
                if ((start is { } s && e.Position <= s) || !matches(e)) continue;
                yield return e;
                if (++delivered == maxCount) yield break;
            }
            if (scanned < count || last is null) yield break; // the end of $all
            start = last;
        }
    }
}
