using System.ComponentModel;
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

public sealed class ImposeSanctionsValidator : OneRuleValidator<ImposeSanctions>
{
    protected override void Check(ImposeSanctions c, OneRule<ImposeSanctions> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.Name(nameof(c.Programme), c.Programme);
        rule.Text(nameof(c.Scope), c.Scope, FieldRules.LongText);
    }
}
