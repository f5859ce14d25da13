using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Ambassadors;

[Description("Records AmbassadorNominated. The sending party asks the receiving party for agrément; the nomination stays pending until accredited.")]
public sealed record NominateAmbassador(string Sending, string Receiving, string Person)
    : RecordCommand<AmbassadorNominated>, IRecords<NominateAmbassador, AmbassadorNominated>
{
    public override (string A, string B) Parties() => (Sending, Receiving);

    public override AmbassadorNominated ToEvent(RelationshipHistory history) => new(Sending, Receiving, Person.Trim());

    public static NominateAmbassador From(AmbassadorNominated e, RelationshipKey key) => new(e.Sending, e.Receiving, e.Person);
}

public sealed class NominateAmbassadorValidator : OneRuleValidator<NominateAmbassador>
{
    protected override void Check(NominateAmbassador c, OneRule<NominateAmbassador> rule)
    {
        rule.TwoParties(nameof(c.Sending), c.Sending, nameof(c.Receiving), c.Receiving);
        rule.Name(nameof(c.Person), c.Person);
    }
}
