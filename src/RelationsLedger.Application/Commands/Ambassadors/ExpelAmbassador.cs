using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Ambassadors;

/// <summary>Records <see cref="AmbassadorExpelled"/>. The receiving party expels the ambassador; refused unless that person is in post on that date.</summary>
[Description("Records AmbassadorExpelled. The receiving party expels the ambassador; refused unless that person is in post on that date.")]
public sealed record ExpelAmbassador(string Sending, string Receiving, string Person, string? Reason = null) : RecordCommand
{
    public override (string A, string B) Parties() => (Sending, Receiving);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new AmbassadorExpelled(Sending, Receiving, Person.Trim(), Reason?.Trim());
}

public sealed class ExpelAmbassadorValidator : AbstractValidator<ExpelAmbassador>
{
    public ExpelAmbassadorValidator()
    {
        this.TwoParties(c => c.Sending, c => c.Receiving);
        RuleFor(c => c.Person).Text();
        RuleFor(c => c.Reason).OptionalText(Rules.LongText);
    }
}
