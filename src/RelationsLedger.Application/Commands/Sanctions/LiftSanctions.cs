using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Sanctions;

[Description("Records SanctionsLifted. The actor lifts a sanctions programme; refused unless it is in force on that date.")]
public sealed record LiftSanctions(string Actor, string Counterpart, string Programme)
    : RecordCommand<SanctionsLifted>, IRecords<LiftSanctions, SanctionsLifted>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override SanctionsLifted ToEvent(RelationshipHistory history) => new(Actor, Counterpart, Programme.Trim());

    public static LiftSanctions From(SanctionsLifted e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.Programme);
}

public sealed class LiftSanctionsValidator : OneRuleValidator<LiftSanctions>
{
    protected override void Check(LiftSanctions c, OneRule<LiftSanctions> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.Name(nameof(c.Programme), c.Programme);
    }
}
