using System.Collections.Concurrent;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// Decoded relationship histories, kept between requests so that a command does not read and decode
/// its whole stream again. Safe because a stream only grows: an event at a revision never changes.
/// A load still asks the store for everything after the cached revision, so a cached history is never
/// stale. Bounded by an estimate of the bytes its events hold (<see cref="HeldSize"/>), not their number: an event may be 100
/// times another's size, and a cap of 250,000 events held ~0.7 GB of typical ones and could hold tens of GB of the largest.
/// <para>
/// A stream read whole that does not fit is admitted only in place of streams asked for less often than it
/// (<see cref="AccessFrequency"/>); else it is answered and not kept. Until round 46 every stream read was kept and the least
/// recently used went: relationships recorded to in turn that hold more than the cap between them were each the next to
/// go, so every command read and decoded its relationship's whole stream again (~12 times slower past the cap). Now the
/// streams kept stay kept and answer their commands from memory, and only the rest are read again. Streams the cache
/// holds that grow past the cap still make room by the least recently used.
/// </para>
/// </summary>
public sealed class HistoryCache(HistoryCacheOptions options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly AccessFrequency _frequency = new();
    private long _bytes;
    private long _clock;

    /// <summary>The estimated bytes of the events held now (<see cref="HeldSize.Of"/>).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The cached history of <paramref name="key"/>, or an empty one; the caller reads on from its revision.</summary>
    public RelationshipHistory Get(RelationshipKey key)
    {
        if (options.MaxBytes <= 0) return new(key, []);
        _frequency.Add(key.StreamName);
        var entry = _entries.GetOrAdd(key.StreamName, _ => new Entry(key));
        entry.LastUsed = Interlocked.Increment(ref _clock);
        return entry.Latest;
    }

    /// <summary>
    /// <paramref name="history"/> followed by <paramref name="tail"/> (the events read after it). Events
    /// another request has added meanwhile are already in the log at their revision and are not added twice.
    /// </summary>
    public RelationshipHistory Extend(RelationshipHistory history, IReadOnlyList<LedgerEvent> tail)
    {
        if (tail.Count == 0) return history;
        if (options.MaxBytes <= 0 || !_entries.TryGetValue(history.Key.StreamName, out var entry)
            || (history.Count == 0 && entry.Bytes == 0 && !Admits(entry, tail.Sum(HeldSize.Of))))
            return new(history.Key, [.. history.Events, .. tail]);
        var extended = entry.Extend(history, tail, out var added);
        if (Interlocked.Add(ref _bytes, added) > options.MaxBytes) Evict();
        return extended;
    }

    /// <summary>
    /// Whether a stream read whole, of <paramref name="size"/> estimated bytes, is kept: at once if it fits; else in place of
    /// the least recently used streams asked for less often than it (not counting the request that read it, so that of
    /// streams asked for in turn, the ones kept stay) — they go, when they free enough; else it is not kept, and nothing goes.
    /// </summary>
    private bool Admits(Entry newcomer, long size)
    {
        if (Interlocked.Read(ref _bytes) + size <= options.MaxBytes) return true;
        var frequency = _frequency.Of(newcomer.Key.StreamName) - 1;
        lock (_entries)
        {
            // One pass over the streams held (no sort of them all for every stream read past the bound); none is asked for
            // less than a stream asked for the first time (frequency 0), such as each of a scan of many relationships.
            var asked = frequency <= 0 ? [] : _entries.Where(e => e.Value != newcomer && e.Value.Bytes > 0 && _frequency.Of(e.Key) < frequency).ToList();
            var excess = Interlocked.Read(ref _bytes) + size - options.MaxBytes;
            var victims = new List<KeyValuePair<string, Entry>>();
            foreach (var held in asked.OrderBy(e => e.Value.LastUsed))
            {
                if (excess <= 0) break;
                victims.Add(held);
                excess -= held.Value.Bytes;
            }
            if (excess > 0)
            {
                _entries.TryRemove(new(newcomer.Key.StreamName, newcomer)); // asked for again, it is read again
                return false;
            }
            foreach (var (stream, entry) in victims) Remove(stream, entry);
            return true;
        }
    }

    private void Evict()
    {
        lock (_entries)
        {
            var target = options.MaxBytes * 7 / 8;
            foreach (var (stream, entry) in _entries.OrderBy(e => e.Value.LastUsed).ToList())
            {
                if (Interlocked.Read(ref _bytes) <= target) break;
                Remove(stream, entry);
            }
        }
    }

    private void Remove(string stream, Entry entry)
    {
        if (_entries.TryRemove(new(stream, entry))) Interlocked.Add(ref _bytes, -entry.Close());
    }

    private sealed class Entry(RelationshipKey key)
    {
        private bool _closed;
        private readonly AppendOnlyLog<LedgerEvent> _events = new();
        private readonly AppendOnlyLog<Fact> _facts = new();
        private readonly ConcurrentDictionary<Guid, int> _index = new(RandomisedIds.Comparer);

        public RelationshipKey Key => key;

        public long LastUsed;

        /// <summary>The estimated bytes of this stream's events held (added under the entry's lock, taken back by <see cref="Close"/>).</summary>
        public long Bytes;

        /// <summary>
        /// Out of the cache: what it holds, to take off the cache's count; a request that still extends it (it took the entry
        /// before) then adds nothing to that count, so the count stays what the cache's entries hold.
        /// </summary>
        public long Close()
        {
            lock (this)
            {
                _closed = true;
                return Bytes;
            }
        }

        public RelationshipHistory Latest { get; private set; } = new(key, []);

        public RelationshipHistory Extend(RelationshipHistory history, IReadOnlyList<LedgerEvent> tail, out long added)
        {
            added = 0;
            lock (this)
            {
                if (_closed) return new(key, [.. history.Events, .. tail]);
                foreach (var e in tail)
                {
                    // A stream's revisions are 0, 1, 2…: revision r belongs at index r.
                    if ((long)e.Recorded.Revision < _events.Count) continue;
                    if ((long)e.Recorded.Revision != _events.Count) return new(key, [.. history.Events, .. tail]); // not contiguous: do not cache
                    _index[e.EventId] = _events.Count;
                    _events.Add(e);
                    _facts.Add(e.ToFact());
                    var size = HeldSize.Of(e);
                    Bytes += size;
                    added += size;
                }
                var count = (int)tail[^1].Recorded.Revision + 1;
                var basis = history.Count > 0 ? history.BasisIfBuilt : null;
                var extended = new RelationshipHistory(key, _events.View(count), _facts.View(count), basis, Find);
                if (count >= Latest.Events.Count) Latest = extended;
                return extended;
            }
        }

        private int? Find(Guid eventId) => _index.TryGetValue(eventId, out var i) ? i : null;
    }
}

/// <summary>
/// How many bytes of decoded events <see cref="HistoryCache"/> keeps across all streams, by <see cref="HeldSize.Of"/> (0: none).
/// <c>ledger serve</c> sets it from <c>Api:HistoryCacheMegabytes</c>.
/// </summary>
public sealed record HistoryCacheOptions(long MaxBytes = HistoryCacheOptions.DefaultMaxBytes)
{
    /// <summary>
    /// 768 MB: ~250,000 typical statements (~3.1 KB each by the estimate), as many as the cap of 250,000 events held before, so a
    /// server's speed on typical events is what it was; the largest events now fill it at ~4,000 rather than at 250,000.
    /// </summary>
    public const long DefaultMaxBytes = 768L << 20;
}
