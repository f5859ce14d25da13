using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Ambassadors;

[Description("Records AmbassadorRecalled. The sending party recalls its ambassador; refused unless that person is in post on that date.")]
public sealed record RecallAmbassador(string Sending, string Receiving, string Person, string? Reason = null)
    : RecordCommand<AmbassadorRecalled>, IRecords<RecallAmbassador, AmbassadorRecalled>
{
    public override (string A, string B) Parties() => (Sending, Receiving);

    public override AmbassadorRecalled ToEvent(RelationshipHistory history) => new(Sending, Receiving, Person.Trim(), Reason?.Trim());

    public static RecallAmbassador From(AmbassadorRecalled e, RelationshipKey key) => new(e.Sending, e.Receiving, e.Person, e.Reason);
}

public sealed class RecallAmbassadorValidator : OneRuleValidator<RecallAmbassador>
{
    protected override void Check(RecallAmbassador c, OneRule<RecallAmbassador> rule)
    {
        rule.TwoParties(nameof(c.Sending), c.Sending, nameof(c.Receiving), c.Receiving);
        rule.Name(nameof(c.Person), c.Person);
        rule.OptionalText(nameof(c.Reason), c.Reason, FieldRules.LongText);
    }
}
