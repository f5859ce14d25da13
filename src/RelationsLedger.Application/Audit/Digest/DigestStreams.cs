using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Audit.Digest;

/// <summary>
/// What a digest hashes of a log (docs/audit.md): each stream's head and recorded times, its events in revision order, and
/// (version 2) every event's position and hash in position order. Both orders are the order a log is read in — a stream's
/// events come in revision order within the global log — so each is hashed as the links come, keeping a hash in progress
/// per stream, not the links. Where links come otherwise (a stream whose revisions were renumbered, one relationship read
/// with its positions swapped), that stream, or the log, is read again and sorted as before round 42 of issue #16: the
/// same digest either way, and a sort stable on equal keys leaves links already in order as they came.
/// </summary>
internal static class DigestStreams
{
    /// <returns>The heads in ordinal order of their streams' names; the log-order hash (null unless <paramref name="logOrder"/>); the number of links.</returns>
    public static (List<StreamHead> Heads, string? Log, long Count) Of(IEnumerable<ChainLink> links, bool logOrder)
    {
        var streams = new Dictionary<string, InOrder>(StringComparer.Ordinal);
        var log = logOrder ? new InOrder() : null;
        long count = 0;
        foreach (var l in links)
        {
            count++;
            if (!streams.TryGetValue(l.Stream, out var stream)) streams[l.Stream] = stream = new();
            stream.Add(l, stream.Last is { } last && (l.Revision, l.Position).CompareTo((last.Revision, last.Position)) < 0, TimesFields);
            log?.Add(l, log.Last is { } before && l.Position < before.Position, OrderFields);
        }
        var unordered = streams.Where(s => !s.Value.Ordered).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        if (unordered.Count > 0 || log is { Ordered: false }) Sort(links, unordered, streams, ref log);
        var heads = streams.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new StreamHead(s.Key, s.Value.Last!.Revision, Recomputed(s.Value.Last), s.Value.Digest())).ToList();
        return (heads, log?.Digest(), count);
    }

    /// <summary>The streams (and the log) whose links did not come in order, hashed again from their links sorted.</summary>
    private static void Sort(IEnumerable<ChainLink> links, HashSet<string> unordered, Dictionary<string, InOrder> streams, ref InOrder? log)
    {
        var held = unordered.ToDictionary(s => s, _ => new List<ChainLink>(), StringComparer.Ordinal);
        var all = log is { Ordered: false } ? new List<ChainLink>() : null;
        foreach (var l in links)
        {
            if (held.TryGetValue(l.Stream, out var of)) of.Add(l);
            all?.Add(l);
        }
        foreach (var (stream, of) in held)
        {
            streams[stream].Digest(); // what it hashed so far is not used
            var sorted = new InOrder();
            foreach (var l in of.OrderBy(l => l.Revision).ThenBy(l => l.Position)) sorted.Add(l, outOfOrder: false, TimesFields);
            streams[stream] = sorted;
        }
        if (all is null) return;
        log!.Digest();
        log = new InOrder();
        foreach (var l in all.OrderBy(l => l.Position)) log.Add(l, outOfOrder: false, OrderFields);
    }

    /// <summary>A stream's recorded-times hash takes each event's hash and recorded time.</summary>
    private static void TimesFields(LengthPrefixed sha, ChainLink l) => sha.Field(Recomputed(l)).Field(Moments.Text(l.RecordedAt));

    /// <summary>The log-order hash takes each event's position, as the token writes one, and its hash.</summary>
    private static void OrderFields(LengthPrefixed sha, ChainLink l) => sha.Field(l.Position.ToString()).Field(Recomputed(l));

    /// <summary>The hash the event's content produces now; an event whose envelope cannot be read produces none, and so no match.</summary>
    private static string Recomputed(ChainLink l) => l.Recomputed ?? $"unreadable:{l.EventId:D}";

    /// <summary>A hash taken over links as long as they come in order; once one does not, it stops (<see cref="Ordered"/>).</summary>
    private sealed class InOrder
    {
        private readonly LengthPrefixed _sha = new();
        private string? _digest;

        public bool Ordered { get; private set; } = true;

        public ChainLink? Last { get; private set; }

        public void Add(ChainLink l, bool outOfOrder, Action<LengthPrefixed, ChainLink> fields)
        {
            if (outOfOrder) Ordered = false;
            if (!Ordered) return;
            fields(_sha, l);
            Last = l;
        }

        /// <summary>The hash's hex digits, taken once (it frees the hash).</summary>
        public string Digest() => _digest ??= _sha.HexDigest();
    }
}
