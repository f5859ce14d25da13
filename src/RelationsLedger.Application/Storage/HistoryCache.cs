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
/// stale. Bounded by the number of events held; the least recently used streams go first.
/// </summary>
public sealed class HistoryCache(HistoryCacheOptions options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _events;
    private long _clock;

    public long Events => Interlocked.Read(ref _events);

    /// <summary>The cached history of <paramref name="key"/>, or an empty one; the caller reads on from its revision.</summary>
    public RelationshipHistory Get(RelationshipKey key)
    {
        if (options.MaxEvents <= 0) return new(key, []);
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
        if (options.MaxEvents <= 0 || !_entries.TryGetValue(history.Key.StreamName, out var entry))
            return new(history.Key, [.. history.Events, .. tail]);
        var extended = entry.Extend(history, tail, out var added);
        if (Interlocked.Add(ref _events, added) > options.MaxEvents) Evict();
        return extended;
    }

    private void Evict()
    {
        lock (_entries)
        {
            var target = options.MaxEvents * 3 / 4;
            foreach (var (stream, entry) in _entries.OrderBy(e => e.Value.LastUsed).ToList())
            {
                if (Interlocked.Read(ref _events) <= target) break;
                if (_entries.TryRemove(stream, out _)) Interlocked.Add(ref _events, -entry.Size);
            }
        }
    }

    private sealed class Entry(RelationshipKey key)
    {
        private readonly AppendOnlyLog<LedgerEvent> _events = new();
        private readonly AppendOnlyLog<Fact> _facts = new();
        private readonly ConcurrentDictionary<Guid, int> _index = new(RandomisedIds.Comparer);

        public long LastUsed;

        public int Size => _events.Count;

        public RelationshipHistory Latest { get; private set; } = new(key, []);

        public RelationshipHistory Extend(RelationshipHistory history, IReadOnlyList<LedgerEvent> tail, out int added)
        {
            added = 0;
            lock (this)
            {
                foreach (var e in tail)
                {
                    // A stream's revisions are 0, 1, 2…: revision r belongs at index r.
                    if ((long)e.Recorded.Revision < _events.Count) continue;
                    if ((long)e.Recorded.Revision != _events.Count) return new(key, [.. history.Events, .. tail]); // not contiguous: do not cache
                    _index[e.EventId] = _events.Count;
                    _events.Add(e);
                    _facts.Add(e.ToFact());
                    added++;
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

/// <summary>How many decoded events <see cref="HistoryCache"/> keeps across all streams (0: none).</summary>
public sealed record HistoryCacheOptions(long MaxEvents = 250_000);
