using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Ambassadors;

[Description("Records AmbassadorExpelled. The receiving party expels the ambassador; refused unless that person is in post on that date.")]
public sealed record ExpelAmbassador(string Sending, string Receiving, string Person, string? Reason = null)
    : RecordCommand<AmbassadorExpelled>, IRecords<ExpelAmbassador, AmbassadorExpelled>
{
    public override (string A, string B) Parties() => (Sending, Receiving);

    public override AmbassadorExpelled ToEvent(RelationshipHistory history) => new(Sending, Receiving, Person.Trim(), Reason?.Trim());

    public static ExpelAmbassador From(AmbassadorExpelled e, RelationshipKey key) => new(e.Sending, e.Receiving, e.Person, e.Reason);
}

public sealed class ExpelAmbassadorValidator : OneRuleValidator<ExpelAmbassador>
{
    protected override void Check(ExpelAmbassador c, OneRule<ExpelAmbassador> rule)
    {
        rule.TwoParties(nameof(c.Sending), c.Sending, nameof(c.Receiving), c.Receiving);
        rule.Name(nameof(c.Person), c.Person);
        rule.OptionalText(nameof(c.Reason), c.Reason, FieldRules.LongText);
    }
}
