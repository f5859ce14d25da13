using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Sanctions;

/// <summary>Records <see cref="SanctionsLifted"/>. The actor lifts a sanctions programme; refused unless it is in force on that date.</summary>
[Description("Records SanctionsLifted. The actor lifts a sanctions programme; refused unless it is in force on that date.")]
public sealed record LiftSanctions(string Actor, string Counterpart, string Programme) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new SanctionsLifted(Actor, Counterpart, Programme.Trim());
}

public sealed class LiftSanctionsValidator : AbstractValidator<LiftSanctions>
{
    public LiftSanctionsValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Programme).Text();
    }
}
