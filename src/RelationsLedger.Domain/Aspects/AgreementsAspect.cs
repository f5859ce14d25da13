using System.Collections.Immutable;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// Treaties and memoranda between the two parties (mutual); a title identifies one within the relationship.

/// <summary>A treaty or memorandum; its title identifies it within the relationship.</summary>
/// <param name="Kind">security, trade, energy, transport, …</param>
[EventType("AgreementSigned", 1)]
public sealed record AgreementSigned(string PartyA, string PartyB, string Kind, string Title) : IMutualEvent
{
    public IMutualEvent Swapped() => this with { PartyA = PartyB, PartyB = PartyA };
}

[EventType("AgreementTerminated", 1)]
public sealed record AgreementTerminated(string PartyA, string PartyB, string Title, string? Reason) : IMutualEvent
{
    public IMutualEvent Swapped() => this with { PartyA = PartyB, PartyB = PartyA };
}

public sealed record Agreement(string Kind, string Title, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public static class AgreementsAspect
{
    public static readonly TenureKind<Agreement> Kind = new("agreements", 7, "Agreement")
    {
        Identity = a => Keys.Of(a.Title),
        Label = a => a.Title,
        Describes = a => $"{a.Title} ({a.Kind})",
    };

    extension(RelationshipState s)
    {
        public ImmutableList<Agreement> Agreements => s.Get(Kind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<ItemView<Agreement>> Agreements => v.Sections.Tenures(Kind);
    }

    public static readonly Aspect Declared = new("agreements", [Kind],
    [
        Transition.Of<AgreementSigned>(
            (s, _, e) => s.Agreements.Find(a => ItemLists.SameTitle(a.Title, e.Title) && a.InForce()) is { } a
                ? new($"agreement '{e.Title}' is already in force (since {a.Since})", a.EventId) : null,
            (s, f, e) => s.With(Kind, s.Agreements.Upsert(a => ItemLists.SameTitle(a.Title, e.Title), new(e.Kind, e.Title, f.EffectiveDate, f.EventId)))),
        Transition.Of<AgreementTerminated>(
            (s, f, e) => Rules.MayEnd(s.Agreements.Find(a => ItemLists.SameTitle(a.Title, e.Title)), $"no agreement '{e.Title}' is in force on {f.EffectiveDate}"),
            (s, f, e) => s.With(Kind, s.Agreements.ChangeWhere(a => ItemLists.SameTitle(a.Title, e.Title) && a.InForce(), a => a with { Ended = Fold.End(f, e.Reason) }))),
    ]);
}
