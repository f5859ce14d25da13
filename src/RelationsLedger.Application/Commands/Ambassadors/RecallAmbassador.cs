using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Ambassadors;

/// <summary>Records <see cref="AmbassadorRecalled"/>. The sending party recalls its ambassador; refused unless that person is in post on that date.</summary>
[Description("Records AmbassadorRecalled. The sending party recalls its ambassador; refused unless that person is in post on that date.")]
public sealed record RecallAmbassador(string Sending, string Receiving, string Person, string? Reason = null) : RecordCommand
{
    public override (string A, string B) Parties() => (Sending, Receiving);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new AmbassadorRecalled(Sending, Receiving, Person.Trim(), Reason?.Trim());
}

public sealed class RecallAmbassadorValidator : AbstractValidator<RecallAmbassador>
{
    public RecallAmbassadorValidator()
    {
        this.TwoParties(c => c.Sending, c => c.Receiving);
        RuleFor(c => c.Person).Text();
        RuleFor(c => c.Reason).OptionalText(Rules.LongText);
    }
}
