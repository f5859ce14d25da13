using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Sanctions;

[Description("Records SanctionsImposed. The actor imposes a sanctions programme on the counterpart; refused while that programme is in force.")]
public sealed record ImposeSanctions(string Actor, string Counterpart, string Programme, string Scope)
    : RecordCommand<SanctionsImposed>, IRecords<ImposeSanctions, SanctionsImposed>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override SanctionsImposed ToEvent(RelationshipHistory history) => new(Actor, Counterpart, Programme.Trim(), Scope.Trim());

    public static ImposeSanctions From(SanctionsImposed e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.Programme, e.Scope);
}

public sealed class ImposeSanctionsValidator : AbstractValidator<ImposeSanctions>
{
    public ImposeSanctionsValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Programme).Name();
        RuleFor(c => c.Scope).Text(FieldRules.LongText);
    }
}
