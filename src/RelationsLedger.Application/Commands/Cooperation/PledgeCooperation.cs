using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Cooperation;

[Description("Records CooperationPledged. The actor promises help to the counterpart, e.g. against a common adversary.")]
public sealed record PledgeCooperation(string Actor, string Counterpart, string Domain, string? Adversary = null)
    : RecordCommand<CooperationPledged>, IRecords<PledgeCooperation, CooperationPledged>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override CooperationPledged ToEvent(RelationshipHistory history) => new(Actor, Counterpart, Domain.Trim(), Adversary);

    public static PledgeCooperation From(CooperationPledged e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.Domain, e.Adversary);
}

public sealed class PledgeCooperationValidator : OneRuleValidator<PledgeCooperation>
{
    protected override void Check(PledgeCooperation c, OneRule<PledgeCooperation> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.Name(nameof(c.Domain), c.Domain);
        rule.OptionalParty(nameof(c.Adversary), c.Adversary);
        if (c.Adversary is null) return; // none named (until round 70, an absent adversary "was" an absent actor)
        rule.NotEqual(nameof(c.Adversary), c.Adversary, nameof(c.Actor), c.Actor, "'{PropertyName}' cannot be the party that pledges.");
        // Since round 69; a pledge recorded before it is kept as it was recorded (an import, verify).
        if (!rule.AsRecorded)
            rule.NotEqual(nameof(c.Adversary), c.Adversary, nameof(c.Counterpart), c.Counterpart, FieldRules.AdversaryHelped);
    }
}
