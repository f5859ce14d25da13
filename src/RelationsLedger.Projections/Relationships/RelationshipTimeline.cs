using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>What one new event did to a relationship's stored rows.</summary>
internal sealed record TimelineChange(
    IReadOnlyList<Segment> SupersededSegments, IReadOnlyList<Segment> NewSegments,
    IReadOnlyList<Fact> SupersededFacts, IReadOnlyList<Fact> NewFacts);

/// <summary>
/// One relationship held in memory by the projection: its recorded events, its resolved timeline
/// (mends applied, in effective order), the folded state after each fact, and its current rows.
/// Applying an event refolds only from the first fact it changes, and rewrites only the item
/// versions whose "as of" range or content changed: appending in date order touches a few rows.
/// </summary>
internal sealed class RelationshipTimeline
{
    public const int Forever = int.MaxValue;

    public RelationshipKey Key { get; }
    public long RelationshipId { get; }
    private readonly List<Fact> _recorded = [];
    private List<Fact> _timeline = [];
    private readonly List<RelationshipState> _states;
    private List<Segment> _segments = [];
    private bool _hasMends;

    /// <summary>The current (not superseded) fact rows by event id, with their row ids.</summary>
    public Dictionary<Guid, (long RowId, long RecordedFrom)> FactRows { get; } = [];

    public int RecordedCount => _recorded.Count;

    public IReadOnlyList<Segment> Segments => _segments;

    public RelationshipTimeline(RelationshipKey key, long relationshipId)
    {
        (Key, RelationshipId) = (key, relationshipId);
        _states = [RelationshipState.Initial(key)];
    }

    /// <summary>Rebuilds the in-memory part from the recorded events and the rows stored for them.</summary>
    public static RelationshipTimeline Restore(RelationshipKey key, long id, IEnumerable<Fact> recorded, IEnumerable<Segment> storedSegments, IEnumerable<(Guid EventId, long RowId, long RecordedFrom)> storedFacts)
    {
        var t = new RelationshipTimeline(key, id);
        t._recorded.AddRange(recorded.OrderBy(f => f.Revision));
        t._hasMends = t._recorded.Any(f => f.Event is IMendEvent);
        t._timeline = Timeline.Resolve(t._recorded).ToList();
        foreach (var f in t._timeline) t._states.Add(Fold.Evolve(t._states[^1], f));
        t._segments = storedSegments.ToList();
        foreach (var (eventId, rowId, recordedFrom) in storedFacts) t.FactRows[eventId] = (rowId, recordedFrom);
        return t;
    }

    public TimelineChange Apply(Fact fact)
    {
        _recorded.Add(fact);
        var old = _timeline;
        int firstChanged;
        List<Fact> oldFacts, newFacts;
        if (fact.Event is IMendEvent || _hasMends)
        {
            // A mend may move, replace or remove any fact (and a retraction may revive one): resolve again.
            _hasMends = true;
            _timeline = Timeline.Resolve(_recorded).ToList();
            firstChanged = 0;
            while (firstChanged < old.Count && firstChanged < _timeline.Count && old[firstChanged].Equals(_timeline[firstChanged])) firstChanged++;
            (oldFacts, newFacts) = DiffFacts(old, _timeline);
        }
        else
        {
            // A new fact has the highest revision: it goes after every fact of the same effective date.
            firstChanged = UpperBound(_timeline, fact.EffectiveDate);
            _timeline = [.. old];
            _timeline.Insert(firstChanged, fact);
            (oldFacts, newFacts) = ([], [fact]);
        }

        if (firstChanged == old.Count && firstChanged == _timeline.Count) return new([], [], oldFacts, newFacts);

        _states.RemoveRange(firstChanged + 1, _states.Count - firstChanged - 1);
        for (var i = firstChanged; i < _timeline.Count; i++) _states.Add(Fold.Evolve(_states[i], _timeline[i]));

        var cutDay = Math.Min(
            firstChanged < old.Count ? old[firstChanged].EffectiveDate.Start.DayNumber : Forever,
            firstChanged < _timeline.Count ? _timeline[firstChanged].EffectiveDate.Start.DayNumber : Forever);
        var (superseded, added) = Resegment(cutDay);
        return new(superseded, added, oldFacts, newFacts);
    }

    /// <summary>
    /// Replaces the item versions from <paramref name="cutDay"/> on (nothing before it changed):
    /// versions wholly before stay; one spanning the day is kept whole when the item goes on
    /// unchanged, else cut at the day; the rest come from walking the new states.
    /// </summary>
    private (List<Segment> Superseded, List<Segment> Added) Resegment(int cutDay)
    {
        var kept = new List<Segment>();
        var affected = new List<Segment>();
        foreach (var s in _segments) (s.To <= cutDay ? kept : affected).Add(s);
        var crossing = affected.Where(s => s.From < cutDay).ToDictionary(s => s.Slot);

        var replacement = new List<Segment>();
        foreach (var t in Walk(cutDay))
        {
            if (t.From == cutDay && crossing.Remove(t.Slot, out var c))
            {
                if (c.Item.Equals(t.Item)) { replacement.Add(c.WithRange(c.From, t.To)); continue; }
                replacement.Add(c.WithRange(c.From, cutDay));
            }
            replacement.Add(t);
        }
        replacement.AddRange(crossing.Values.Select(c => c.WithRange(c.From, cutDay)));

        var before = affected.ToLookup(s => (s.Slot, s.From, s.To));
        var superseded = affected.ToHashSet();
        var added = new List<Segment>();
        var result = new List<Segment>(kept);
        foreach (var s in replacement)
        {
            var same = before[(s.Slot, s.From, s.To)].FirstOrDefault(o => o.Item.Equals(s.Item) && superseded.Contains(o));
            if (same is not null)
            {
                superseded.Remove(same);
                result.Add(same);
            }
            else
            {
                s.RowId = 0;
                added.Add(s);
                result.Add(s);
            }
        }
        _segments = result;
        return ([.. superseded], added);
    }

    /// <summary>The item versions for "as of" days from <paramref name="fromDay"/> on, walking the folded states.</summary>
    private List<Segment> Walk(int fromDay)
    {
        var result = new List<Segment>();
        var open = new Dictionary<(ItemKind, int), Segment>();
        var j = LowerBoundStart(_timeline, fromDay);
        var day = fromDay;
        while (true)
        {
            while (j < _timeline.Count && Start(j) <= day) j++;
            var next = j < _timeline.Count ? Start(j) : Forever;
            foreach (var item in StateItems.Of(_states[j]))
            {
                var slot = (item.Kind, item.Ordinal);
                if (open.TryGetValue(slot, out var seg) && seg.To == day && seg.Item.Equals(item.Item))
                {
                    seg.To = next;
                    continue;
                }
                var fresh = new Segment(item.Kind, item.Ordinal, item.Item, day, next);
                open[slot] = fresh;
                result.Add(fresh);
            }
            if (next == Forever) break;
            day = next;
        }
        return result;
    }

    private int Start(int index) => _timeline[index].EffectiveDate.Start.DayNumber;

    private static (List<Fact> Superseded, List<Fact> Added) DiffFacts(List<Fact> old, List<Fact> now)
    {
        var oldSet = old.ToHashSet();
        var nowSet = now.ToHashSet();
        return (old.Where(f => !nowSet.Contains(f)).ToList(), now.Where(f => !oldSet.Contains(f)).ToList());
    }

    private static int UpperBound(List<Fact> timeline, Domain.Time.PartialDate date)
    {
        var (lo, hi) = (0, timeline.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (timeline[mid].EffectiveDate.CompareTo(date) <= 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int LowerBoundStart(List<Fact> timeline, int day)
    {
        var (lo, hi) = (0, timeline.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (timeline[mid].EffectiveDate.Start.DayNumber < day) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
