using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Domain.Aspects;

/// <summary>One aspect of a relationship (its designations, its missions…): the kinds of item it adds to the state and the transitions of its events.</summary>
public sealed record Aspect(string Name, IReadOnlyList<ItemKind> Kinds, IReadOnlyList<Transition> Transitions);
