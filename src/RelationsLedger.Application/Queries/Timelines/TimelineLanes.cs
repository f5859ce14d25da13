using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Domain;

namespace RelationsLedger.Application.Queries.Timelines;

/// <summary>
/// Cuts a resolved timeline into lanes by folding it fact by fact with the domain's fold: each distinct item (by the
/// event that put it there) of each kind becomes one span of the lane of its identity (<see cref="ItemKind.IdentityOf"/>);
/// a span ends when its item ends, or when the next item of its lane takes its place. Items of a momentary kind are
/// points, all in one lane. Every kind of <see cref="RelationshipModel.Kinds"/> is in the answer, with or without lanes.
/// </summary>
public static class TimelineLanes
{
    public static IReadOnlyList<TimelineKind> Of(RelationshipKey key, IEnumerable<Fact> ordered)
    {
        var lanes = RelationshipModel.Kinds.ToDictionary(k => k, _ => new Dictionary<string, Lane>(StringComparer.Ordinal));
        var spans = new Dictionary<(int Kind, Guid EventId), Span>(RandomisedIds.Paired<int>());
        var state = RelationshipState.Initial(key);
        foreach (var fact in ordered)
        {
            var next = Fold.Evolve(state, fact);
            foreach (var kind in RelationshipModel.Kinds)
            {
                // Slots are replaced, never changed: an untouched kind keeps its slot by reference.
                if (ReferenceEquals(state.Slot(kind), next.Slot(kind))) continue;
                foreach (var item in kind.ItemsIn(next)) Observe(kind, item, lanes[kind], spans);
            }
            state = next;
        }
        return RelationshipModel.Kinds.Select(kind => new TimelineKind(kind.Name, kind.Title, Names.Of(kind.Shape), kind.Directed, kind.Momentary,
            lanes[kind].Values.Select(l => new TimelineLane(l.Label, l.Spans.Select(s => s.ToItem(kind)).ToList())).ToList())).ToList();
    }

    private static void Observe(ItemKind kind, object item, Dictionary<string, Lane> lanes, Dictionary<(int, Guid), Span> spans)
    {
        var eventId = ((IStateItem)item).EventId;
        if (spans.TryGetValue((kind.Code, eventId), out var known))
        {
            known.Item = item; // the same item, changed since: ended, say
            return;
        }
        var identity = kind.Momentary ? kind.Name : kind.IdentityOf(item);
        if (!lanes.TryGetValue(identity, out var lane)) lanes[identity] = lane = new(kind.Momentary ? kind.Title : kind.LabelOf(item));
        var span = new Span(item, StartOf(kind, item), eventId);
        if (!kind.Momentary && lane.Spans.Count > 0 && lane.Spans[^1] is { Replaced: null } previous && EndingOf(previous.Item) is null)
            previous.Replaced = span;
        lane.Spans.Add(span);
        spans[(kind.Code, eventId)] = span;
    }

    private static PartialDate StartOf(ItemKind kind, object item) => item is ITenure t ? t.Since : kind.StatusOf(item).Date;

    private static Ending? EndingOf(object item) => (item as ITenure)?.Ended;

    private sealed class Lane(string label)
    {
        public string Label { get; } = label;
        public List<Span> Spans { get; } = [];
    }

    private sealed class Span(object item, PartialDate start, Guid startEventId)
    {
        public object Item { get; set; } = item;
        public PartialDate Start { get; } = start;
        public Guid StartEventId { get; } = startEventId;
        public Span? Replaced { get; set; }

        public TimelineItem ToItem(ItemKind kind)
        {
            var status = Item is ITenure t ? (t.InForce() ? kind.HoldsWord : Names.Of(t.Status)) : kind.StatusOf(Item).Status;
            var (label, description) = (kind.LabelOf(Item), kind.Describe(Item));
            if (EndingOf(Item) is { } ended)
                return new(status, label, description, Start, StartEventId, "ended", ended.On, ended.EventId, ended.Type, ended.Reason, Item);
            if (Replaced is { } next)
                return new(status, label, description, Start, StartEventId, "replaced", next.Start, next.StartEventId, null, null, Item);
            return new(status, label, description, Start, StartEventId, kind.Momentary ? "point" : "open", null, null, null, null, Item);
        }
    }
}
