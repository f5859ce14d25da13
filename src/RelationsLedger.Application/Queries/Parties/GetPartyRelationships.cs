using MediatR;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Application.Queries.Parties;

/// <summary>Every relationship of a party that the ledger holds, from the read models: the party page's list.</summary>
public sealed record GetPartyRelationships(string Party) : IRequest<PartyRelationshipsView>;

/// <summary>
/// One relationship of the party: the other party, how many events its record holds, when it last changed, and the
/// first day any of its facts (as they stand now) may have taken effect (null when none stands).
/// </summary>
public sealed record PartyRelationship(string Relationship, string Other, long Events, DateTimeOffset LastRecordedAt, string? Since);

public sealed record PartyRelationshipsView(string Party, IReadOnlyList<PartyRelationship> Relationships)
{
    public ReadModelFreshness? ReadModel { get; init; }
}

public sealed class GetPartyRelationshipsValidator : OneRuleValidator<GetPartyRelationships>
{
    protected override void Check(GetPartyRelationships q, OneRule<GetPartyRelationships> rule) => rule.Party(nameof(q.Party), q.Party);
}
