using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Aspects;

/// <summary>
/// What one event type may do to a relationship's state (<see cref="Check"/>, the invariant: null when it
/// may happen in the state just before its effective date) and what it does (<see cref="Evolve"/>: total,
/// so a fact that breaks a rule changes what it can). Declared beside the event, in its aspect's file.
/// </summary>
public sealed class Transition
{
    private Transition(Type eventType, Func<RelationshipState, Fact, Conflict?>? check, Func<RelationshipState, Fact, RelationshipState> evolve,
        bool unconstrained, bool mend, ItemKind? latest = null)
        => (EventType, Check, Evolve, Unconstrained, Mend, Latest) = (eventType, check, evolve, unconstrained, mend, latest);

    public Type EventType { get; }

    /// <summary>The rule; null for a fact no rule constrains.</summary>
    public Func<RelationshipState, Fact, Conflict?>? Check { get; }

    public Func<RelationshipState, Fact, RelationshipState> Evolve { get; }

    /// <summary>
    /// No rule constrains the event and no rule reads what it folds into (pledges, engagements, statements):
    /// adding, moving, changing or removing such a fact can never make any fact contradict the record, so
    /// decisions can pass over it (see <see cref="DecisionBasis"/>).
    /// </summary>
    public bool Unconstrained { get; }

    /// <summary>A correction or retraction: it never reaches the fold; the timeline applies it to the fact it mends.</summary>
    public bool Mend { get; }

    /// <summary>For an event that only adds one of the latest items of a kind (an engagement, a statement): that kind.</summary>
    public ItemKind? Latest { get; }

    /// <summary>An event under a rule.</summary>
    public static Transition Of<TEvent>(Func<RelationshipState, Fact, TEvent, Conflict?> check, Func<RelationshipState, Fact, TEvent, RelationshipState> evolve)
        where TEvent : IRelationshipEvent =>
        new(typeof(TEvent), (s, f) => check(s, f, (TEvent)f.Event), (s, f) => evolve(s, f, (TEvent)f.Event), unconstrained: false, mend: false);

    /// <summary>An event beyond the rules (see <see cref="Unconstrained"/>).</summary>
    public static Transition Unruled<TEvent>(Func<RelationshipState, Fact, TEvent, RelationshipState> evolve) where TEvent : IRelationshipEvent =>
        new(typeof(TEvent), null, (s, f) => evolve(s, f, (TEvent)f.Event), unconstrained: true, mend: false);

    /// <summary>An event beyond the rules that adds one of the latest items of <paramref name="kind"/>.</summary>
    public static Transition AddsLatest<TEvent, TItem, TView>(LatestKind<TItem, TView> kind, Func<Fact, TEvent, TItem> item)
        where TEvent : IRelationshipEvent where TItem : class, IStateItem where TView : class, ISingleView =>
        new(typeof(TEvent), null, (s, f) => s.WithLatest(kind, item(f, (TEvent)f.Event)), unconstrained: true, mend: false, latest: kind);

    /// <summary>A mend: decided by <see cref="Decide"/> against the fact it names, applied by the timeline.</summary>
    public static Transition OfMend<TEvent>() where TEvent : IMendEvent =>
        new(typeof(TEvent), null, (s, _) => s, unconstrained: false, mend: true);
}
