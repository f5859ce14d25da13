using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Aspects;

/// <summary>
/// The relationship's model: its aspects, in the order its state shows them. This list is the one place
/// that names every aspect; each aspect's file declares its events, items, kinds and transitions. The
/// kinds of item (<see cref="Kinds"/>) and each event's transition are derived from it.
/// <para>
/// An aspect's transitions evolve only its own kinds, reading nothing else of the state: the folded state is the aspects'
/// states side by side, each folded from that aspect's facts alone. The read model relies on it — a mend re-folds only the
/// facts of the aspect it changes (<c>AspectFold</c>), not the rest of the relationship — and
/// <c>FoldTests.Each_aspect_folded_from_its_own_facts_alone_is_that_aspect_of_the_whole_fold</c> holds it.
/// </para>
/// </summary>
public static class RelationshipModel
{
    public static IReadOnlyList<Aspect> Aspects { get; } =
    [
        RelationsAspect.Declared,
        RecognitionsAspect.Declared,
        DesignationsAspect.Declared,
        AmbassadorsAspect.Declared,
        MissionsAspect.Declared,
        SanctionsAspect.Declared,
        AgreementsAspect.Declared,
        CooperationAspect.Declared,
        ProjectsAspect.Declared,
        EngagementsAspect.Declared,
        StatementsAspect.Declared,
        MendsAspect.Declared,
    ];

    // The tables below are built with loops rather than LINQ over ints and tuples: each such operator (a sort by an int key,
    // a select to a tuple, a range of ints) is a generic instantiation over a value type that the tool's ReadyToRun image does
    // not hold, and every cold question compiled them at run time (docs/performance.md, round 34).

    /// <summary>Every kind of item, in code order (the order of a state's sections).</summary>
    public static IReadOnlyList<ItemKind> Kinds { get; } = InCodeOrder(Aspects.SelectMany(a => a.Kinds).ToArray());

    public static int SlotCount { get; } = Kinds[^1].Code + 1;

    // Dictionaries, not FrozenDictionary: the first frozen dictionaries a process makes (their types, the analysis of their keys)
    // cost every cold question ~8 ms of CPU, for a few lookups; a dictionary only read once it is made is safe to share and about
    // as quick to read (docs/performance.md, round 64).
    private static readonly Dictionary<Type, Transition> ByEvent = TransitionByEvent();

    private static readonly Dictionary<Type, int> AspectByEvent = IndexByEvent();

    private static readonly int[] AspectByCode = IndexByCode();

    private static readonly ItemKind?[] ByCode = KindByCode();

    private static ItemKind[] InCodeOrder(ItemKind[] kinds)
    {
        Array.Sort(kinds, (x, y) => x.Code.CompareTo(y.Code)); // codes are never reused, so the order is total
        return kinds;
    }

    private static Dictionary<Type, Transition> TransitionByEvent()
    {
        var index = new Dictionary<Type, Transition>();
        foreach (var aspect in Aspects)
            foreach (var transition in aspect.Transitions)
                index.Add(transition.EventType, transition);
        return index;
    }

    private static Dictionary<Type, int> IndexByEvent()
    {
        var index = new Dictionary<Type, int>();
        for (var i = 0; i < Aspects.Count; i++)
            foreach (var transition in Aspects[i].Transitions)
                index.Add(transition.EventType, i);
        return index;
    }

    private static int[] IndexByCode()
    {
        var index = new int[SlotCount];
        for (var code = 0; code < index.Length; code++) index[code] = -1; // a code no kind has
        for (var i = 0; i < Aspects.Count; i++)
            foreach (var kind in Aspects[i].Kinds)
                index[kind.Code] = i;
        return index;
    }

    // An array by code rather than a dictionary keyed by an int: a FrozenDictionary<int, …> made every cold command compile
    // the int comparer it checks for at run time.
    private static ItemKind?[] KindByCode()
    {
        var index = new ItemKind?[SlotCount];
        foreach (var kind in Kinds) index[kind.Code] = kind;
        return index;
    }

    private static readonly Dictionary<string, ItemKind> ByName = KindByName();

    private static Dictionary<string, ItemKind> KindByName()
    {
        var index = new Dictionary<string, ItemKind>(StringComparer.Ordinal);
        foreach (var kind in Kinds) index.Add(kind.Name, kind);
        return index;
    }

    public static Transition TransitionOf(IRelationshipEvent e) => TransitionOf(e.GetType());

    public static Transition TransitionOf(Type eventType) =>
        ByEvent.TryGetValue(eventType, out var t) ? t : throw new ArgumentOutOfRangeException(nameof(eventType), $"No aspect declares a transition for {eventType.Name}.");

    /// <summary>The place in <see cref="Aspects"/> of the aspect that declares the event's transition.</summary>
    public static int AspectIndexOf(IRelationshipEvent e) =>
        AspectByEvent.TryGetValue(e.GetType(), out var i) ? i : throw new ArgumentOutOfRangeException(nameof(e), $"No aspect declares a transition for {e.GetType().Name}.");

    /// <summary>The place in <see cref="Aspects"/> of the aspect that declares the kind of the given code.</summary>
    public static int AspectIndexOf(int kindCode) => AspectByCode[kindCode];

    public static bool HasTransition(Type eventType) => ByEvent.ContainsKey(eventType);

    public static ItemKind KindNamed(string name) =>
        ByName.TryGetValue(name, out var k) ? k : throw new ArgumentOutOfRangeException(nameof(name), $"No kind of item is named '{name}'.");

    public static ItemKind KindOf(int code) =>
        (uint)code < (uint)ByCode.Length && ByCode[code] is { } k ? k : throw new ArgumentOutOfRangeException(nameof(code), $"No kind of item has code {code}.");
}
