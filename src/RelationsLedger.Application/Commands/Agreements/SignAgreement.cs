using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Agreements;

/// <summary>Records <see cref="AgreementSigned"/>. The two parties sign a treaty or memorandum; refused while one of the same title is in force.</summary>
[Description("Records AgreementSigned. The two parties sign a treaty or memorandum; refused while one of the same title is in force.")]
public sealed record SignAgreement(string PartyA, string PartyB, string Kind, string Title) : RecordCommand
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new AgreementSigned(PartyA, PartyB, Kind.Trim(), Title.Trim());
}

public sealed class SignAgreementValidator : AbstractValidator<SignAgreement>
{
    public SignAgreementValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Kind).Text();
        RuleFor(c => c.Title).Text();
    }
}
