using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Trail;

/// <summary>
/// A relationship's record as known after some of its events, folded over every effective date: the final state, and
/// every item that held at some date, by kind, identity and the event that put it there, in its last form (an item
/// replaced later keeps the form it had then). What <see cref="StateDiff"/> compares.
/// </summary>
public sealed class KnownRecord
{
    private readonly Dictionary<int, Dictionary<(string Identity, Guid EventId), object>> _items = [];

    private KnownRecord(RelationshipState final) => Final = final;

    public RelationshipState Final { get; }

    public static KnownRecord Of(RelationshipKey key, IEnumerable<Fact> recorded)
    {
        var state = RelationshipState.Initial(key);
        var items = new Dictionary<int, Dictionary<(string, Guid), object>>();
        foreach (var fact in Timeline.Resolve(recorded))
        {
            var next = Fold.Evolve(state, fact);
            foreach (var kind in RelationshipModel.Kinds)
            {
                // Slots are replaced, never changed: an untouched kind keeps its slot by reference.
                if (ReferenceEquals(state.Slot(kind), next.Slot(kind))) continue;
                if (!items.TryGetValue(kind.Code, out var ofKind)) items[kind.Code] = ofKind = new(RandomisedIds.Paired<string>());
                foreach (var item in kind.ItemsIn(next)) ofKind[(kind.IdentityOf(item), ((IStateItem)item).EventId)] = item;
            }
            state = next;
        }
        var record = new KnownRecord(state);
        foreach (var (code, ofKind) in items) record._items[code] = ofKind;
        return record;
    }

    public IReadOnlyDictionary<(string Identity, Guid EventId), object> Items(ItemKind kind) =>
        _items.TryGetValue(kind.Code, out var ofKind) ? ofKind : new Dictionary<(string, Guid), object>(RandomisedIds.Paired<string>());

    /// <summary>Whether the item is the final state's item of its identity.</summary>
    public bool IsFinal(ItemKind kind, (string Identity, Guid EventId) key) =>
        kind.ItemsIn(Final).Any(i => ((IStateItem)i).EventId == key.EventId && kind.IdentityOf(i) == key.Identity);
}
