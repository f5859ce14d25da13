using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Trail;

/// <summary>
/// A relationship's record as known, kept as its events are recorded one by one, and what each event changed in it
/// (what <c>ledger audit</c> shows): the state folded over every effective date, and every item that held at some date, by
/// kind, identity and the event that put it there, in its last form (an item replaced later keeps the form it had then).
/// <para>
/// Recording a fact folds the timeline again only from the first place the fact changed in it — the end, for a fact
/// recorded in effective order — from the state kept there. Until round 46 the record was built again from the first
/// event for each event, which made an audit quadratic in the relationship's length (96 s for 3,422 events). The items
/// are kept as each one's forms in the order written, so that folding again from a place first takes back the forms
/// written after it; an item's first form places it among its kind's items, as its first insertion into a dictionary
/// built for the whole record did, so the changes come in the order they always had.
/// </para>
/// </summary>
public sealed class KnownRecord
{
    private readonly Timeline _timeline = new();

    // _states[j]: the state after the timeline's first j facts; _written[j]: the items written by its j-th fold step.
    private readonly List<RelationshipState> _states;
    private readonly List<List<Written>> _written = [[]];

    // By kind code: each item's forms, in the order written (the last is its form now). Null: no item of the kind yet.
    private readonly Dictionary<(string Identity, Guid EventId), List<Form>>?[] _items = new Dictionary<(string, Guid), List<Form>>?[RelationshipModel.SlotCount];
    private long _writes;

    // The items the fact being recorded touched, with their form before it, by kind code, in the order first touched.
    private readonly Dictionary<(int Code, (string, Guid) Key), Form?> _before = [];
    private readonly List<(int Code, (string, Guid) Key)> _touched = [];

    public KnownRecord(RelationshipKey key) => _states = [RelationshipState.Initial(key)];

    /// <summary>The state as known now, over every effective date.</summary>
    public RelationshipState Final => _states[^1];

    /// <summary>Records the next fact (in recording order) and says what it changed in the record (<see cref="StateDiff"/>).</summary>
    public IReadOnlyList<StateChange> Record(Fact fact)
    {
        var before = Final;
        var change = _timeline.Record(fact);
        if (change.IsNone) return [];
        var from = change.RemovedAt < 0 ? change.AddedAt : change.AddedAt < 0 ? change.RemovedAt : Math.Min(change.RemovedAt, change.AddedAt);
        TakeBackFrom(from);
        for (var i = from; i < _timeline.Ordered.Count; i++) Fold(_timeline.Ordered[i]);
        var changes = StateDiff.Between(before, Final, kind => HeldItems(kind, before));
        _before.Clear();
        _touched.Clear();
        return changes;
    }

    /// <summary>Takes back the fold steps after the timeline's first <paramref name="count"/> facts, and the item forms they wrote.</summary>
    private void TakeBackFrom(int count)
    {
        for (var step = _states.Count - 1; step > count; step--)
        {
            var written = _written[step];
            for (var i = written.Count - 1; i >= 0; i--)
            {
                var forms = _items[written[i].Code]![written[i].Key];
                Touch(written[i].Code, written[i].Key, forms);
                forms.RemoveAt(forms.Count - 1);
            }
            _states.RemoveAt(step);
            _written.RemoveAt(step);
        }
    }

    /// <summary>One fold step: the next state, and the items of each kind whose slot it replaced.</summary>
    private void Fold(Fact fact)
    {
        var state = Final;
        var next = Domain.State.Fold.Evolve(state, fact);
        var written = new List<Written>();
        foreach (var kind in RelationshipModel.Kinds)
        {
            // Slots are replaced, never changed: an untouched kind keeps its slot by reference.
            if (ReferenceEquals(state.Slot(kind), next.Slot(kind))) continue;
            var ofKind = _items[kind.Code] ??= new(RandomisedIds.Paired<string>());
            foreach (var item in kind.ItemsIn(next))
            {
                var key = (kind.IdentityOf(item), ((IStateItem)item).EventId);
                if (!ofKind.TryGetValue(key, out var forms)) ofKind[key] = forms = [];
                else if (forms.Count > 0 && ReferenceEquals(forms[^1].Item, item)) continue; // the form it has: nothing to write
                Touch(kind.Code, key, forms);
                forms.Add(new(item, _writes++));
                written.Add(new(kind.Code, key));
            }
        }
        _states.Add(next);
        _written.Add(written);
    }

    private void Touch(int code, (string, Guid) key, List<Form> forms)
    {
        if (_before.TryAdd((code, key), forms.Count > 0 ? new Form(forms[^1].Item, forms[0].Order) : null)) _touched.Add((code, key));
    }

    /// <summary>
    /// The touched items of a kind that are not (before or after) items of the final state — those the final states'
    /// comparison shows — as (before, after): first those held after, in the order of their first forms, then those held
    /// only before, in the order their first forms had. Momentary items compare over time only.
    /// </summary>
    private IEnumerable<(object? Was, object? Now)> HeldItems(ItemKind kind, RelationshipState before)
    {
        var touched = _touched.Where(t => t.Code == kind.Code).ToList();
        if (touched.Count == 0) return [];
        var final = kind.Momentary ? [] : FinalKeys(kind, before).Concat(FinalKeys(kind, Final)).ToHashSet(RandomisedIds.Paired<string>());
        var items = touched.Where(t => !final.Contains(t.Key))
            .Select(t => (Was: _before[t], Now: _items[kind.Code]![t.Key] is { Count: > 0 } forms ? new Form(forms[^1].Item, forms[0].Order) : null))
            .ToList();
        var held = items.Where(i => i.Now is not null).OrderBy(i => i.Now!.Order);
        var gone = items.Where(i => i.Now is null && i.Was is not null).OrderBy(i => i.Was!.Order);
        return held.Concat(gone).Select(i => (i.Was?.Item, i.Now?.Item));
    }

    private static IEnumerable<(string, Guid)> FinalKeys(ItemKind kind, RelationshipState state) =>
        kind.ItemsIn(state).Select(i => (kind.IdentityOf(i), ((IStateItem)i).EventId));

    /// <summary>An item's form, and the number of the write that put it (of its first form: its place among its kind's items).</summary>
    private sealed record Form(object Item, long Order);

    private readonly record struct Written(int Code, (string Identity, Guid EventId) Key);
}
