using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Agreements;

/// <summary>Records <see cref="AgreementTerminated"/>. An agreement ends; refused unless one of that title is in force on that date.</summary>
[Description("Records AgreementTerminated. An agreement ends; refused unless one of that title is in force on that date.")]
public sealed record TerminateAgreement(string PartyA, string PartyB, string Title, string? Reason = null) : RecordCommand
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new AgreementTerminated(PartyA, PartyB, Title.Trim(), Reason?.Trim());
}

public sealed class TerminateAgreementValidator : AbstractValidator<TerminateAgreement>
{
    public TerminateAgreementValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Title).Text();
        RuleFor(c => c.Reason).OptionalText(Rules.LongText);
    }
}
