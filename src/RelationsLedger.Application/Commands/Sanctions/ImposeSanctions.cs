using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Sanctions;

/// <summary>Records <see cref="SanctionsImposed"/>. The actor imposes a sanctions programme on the counterpart; refused while that programme is in force.</summary>
[Description("Records SanctionsImposed. The actor imposes a sanctions programme on the counterpart; refused while that programme is in force.")]
public sealed record ImposeSanctions(string Actor, string Counterpart, string Programme, string Scope) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new SanctionsImposed(Actor, Counterpart, Programme.Trim(), Scope.Trim());
}

public sealed class ImposeSanctionsValidator : AbstractValidator<ImposeSanctions>
{
    public ImposeSanctionsValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Programme).Text();
        RuleFor(c => c.Scope).Text(Rules.LongText);
    }
}
