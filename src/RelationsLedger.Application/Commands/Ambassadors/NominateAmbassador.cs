using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Ambassadors;

/// <summary>Records <see cref="AmbassadorNominated"/>. The sending party asks the receiving party for agrément; the nomination stays pending until accredited.</summary>
[Description("Records AmbassadorNominated. The sending party asks the receiving party for agrément; the nomination stays pending until accredited.")]
public sealed record NominateAmbassador(string Sending, string Receiving, string Person) : RecordCommand
{
    public override (string A, string B) Parties() => (Sending, Receiving);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new AmbassadorNominated(Sending, Receiving, Person.Trim());
}

public sealed class NominateAmbassadorValidator : AbstractValidator<NominateAmbassador>
{
    public NominateAmbassadorValidator()
    {
        this.TwoParties(c => c.Sending, c => c.Receiving);
        RuleFor(c => c.Person).Text();
    }
}
