using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Ambassadors;

/// <summary>Records <see cref="AmbassadorAccredited"/>. Credentials accepted: the ambassador is in post; refused while the sending party has one in post there.</summary>
[Description("Records AmbassadorAccredited. Credentials accepted: the ambassador is in post; refused while the sending party has one in post there.")]
public sealed record AccreditAmbassador(string Sending, string Receiving, string Person) : RecordCommand
{
    public override (string A, string B) Parties() => (Sending, Receiving);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new AmbassadorAccredited(Sending, Receiving, Person.Trim());
}

public sealed class AccreditAmbassadorValidator : AbstractValidator<AccreditAmbassador>
{
    public AccreditAmbassadorValidator()
    {
        this.TwoParties(c => c.Sending, c => c.Receiving);
        RuleFor(c => c.Person).Text();
    }
}
