using System.Collections.Frozen;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Aspects;

/// <summary>
/// The relationship's model: its aspects, in the order its state shows them. This list is the one place
/// that names every aspect; each aspect's file declares its events, items, kinds and transitions. The
/// kinds of item (<see cref="Kinds"/>) and each event's transition are derived from it.
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

    /// <summary>Every kind of item, in code order (the order of a state's sections).</summary>
    public static IReadOnlyList<ItemKind> Kinds { get; } = Aspects.SelectMany(a => a.Kinds).OrderBy(k => k.Code).ToArray();

    public static int SlotCount { get; } = Kinds.Max(k => k.Code) + 1;

    private static readonly FrozenDictionary<Type, Transition> ByEvent = Aspects.SelectMany(a => a.Transitions).ToFrozenDictionary(t => t.EventType);

    private static readonly FrozenDictionary<string, ItemKind> ByName = Kinds.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<int, ItemKind> ByCode = Kinds.ToFrozenDictionary(k => k.Code);

    public static Transition TransitionOf(IRelationshipEvent e) => TransitionOf(e.GetType());

    public static Transition TransitionOf(Type eventType) =>
        ByEvent.TryGetValue(eventType, out var t) ? t : throw new ArgumentOutOfRangeException(nameof(eventType), $"No aspect declares a transition for {eventType.Name}.");

    public static bool HasTransition(Type eventType) => ByEvent.ContainsKey(eventType);

    public static ItemKind KindNamed(string name) =>
        ByName.TryGetValue(name, out var k) ? k : throw new ArgumentOutOfRangeException(nameof(name), $"No kind of item is named '{name}'.");

    public static ItemKind KindOf(int code) =>
        ByCode.TryGetValue(code, out var k) ? k : throw new ArgumentOutOfRangeException(nameof(code), $"No kind of item has code {code}.");
}
