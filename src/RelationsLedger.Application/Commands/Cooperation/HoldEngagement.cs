using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Cooperation;

[Description("Records EngagementHeld. A forum, summit, delegation visit or talks between the two parties.")]
public sealed record HoldEngagement(string PartyA, string PartyB, string Kind, string Title, string? Place = null)
    : RecordCommand<EngagementHeld>, IRecords<HoldEngagement, EngagementHeld>
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override EngagementHeld ToEvent(RelationshipHistory history) => new(PartyA, PartyB, Kind.Trim(), Place?.Trim(), Title.Trim());

    public static HoldEngagement From(EngagementHeld e, RelationshipKey key) => new(e.PartyA, e.PartyB, e.Kind, e.Title, e.Place);
}

public sealed class HoldEngagementValidator : OneRuleValidator<HoldEngagement>
{
    protected override void Check(HoldEngagement c, OneRule<HoldEngagement> rule)
    {
        rule.TwoParties(nameof(c.PartyA), c.PartyA, nameof(c.PartyB), c.PartyB);
        rule.Name(nameof(c.Kind), c.Kind);
        rule.Name(nameof(c.Title), c.Title);
        rule.OptionalName(nameof(c.Place), c.Place);
    }
}
