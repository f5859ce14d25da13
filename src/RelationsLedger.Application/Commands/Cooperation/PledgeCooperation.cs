using System.ComponentModel;
using FluentValidation;
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

public sealed class PledgeCooperationValidator : AbstractValidator<PledgeCooperation>
{
    public PledgeCooperationValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Domain).Name();
        RuleFor(c => c.Adversary).OptionalParty();
        RuleFor(c => c.Adversary).NotEqual(c => c.Actor).WithMessage("'{PropertyName}' cannot be the party that pledges.");
    }
}
