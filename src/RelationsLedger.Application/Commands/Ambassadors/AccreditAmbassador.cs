using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Ambassadors;

[Description("Records AmbassadorAccredited. Credentials accepted: the ambassador is in post; refused while the sending party has one in post there.")]
public sealed record AccreditAmbassador(string Sending, string Receiving, string Person)
    : RecordCommand<AmbassadorAccredited>, IRecords<AccreditAmbassador, AmbassadorAccredited>
{
    public override (string A, string B) Parties() => (Sending, Receiving);

    public override AmbassadorAccredited ToEvent(RelationshipHistory history) => new(Sending, Receiving, Person.Trim());

    public static AccreditAmbassador From(AmbassadorAccredited e, RelationshipKey key) => new(e.Sending, e.Receiving, e.Person);
}

public sealed class AccreditAmbassadorValidator : OneRuleValidator<AccreditAmbassador>
{
    protected override void Check(AccreditAmbassador c, OneRule<AccreditAmbassador> rule)
    {
        rule.TwoParties(nameof(c.Sending), c.Sending, nameof(c.Receiving), c.Receiving);
        rule.Name(nameof(c.Person), c.Person);
    }
}
