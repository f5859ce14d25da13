using System.Collections.Immutable;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Domain.State;

/// <summary>
/// The state of one bilateral relationship after folding its facts. Ended items stay (with the
/// event that ended them) so that a reader sees why something is no longer in force.
/// </summary>
public sealed record RelationshipState(
    RelationshipKey Key,
    DiplomaticRelations? Relations,
    ImmutableList<Recognition> Recognitions,
    ImmutableList<Designation> Designations,
    ImmutableList<AmbassadorTenure> Ambassadors,
    ImmutableList<Nomination> Nominations,
    ImmutableList<Mission> Missions,
    ImmutableList<SanctionsRegime> Sanctions,
    ImmutableList<Agreement> Agreements,
    ImmutableList<Pledge> Pledges,
    ImmutableList<Project> Projects,
    ImmutableList<Engagement> Engagements,
    ImmutableList<Statement> Statements)
{
    /// <summary>How many engagements and statements the state keeps: the latest ones.</summary>
    public const int LatestKept = 10;

    public static RelationshipState Initial(RelationshipKey key) => new(key, null, [], [], [], [], [], [], [], [], [], [], []);
}
