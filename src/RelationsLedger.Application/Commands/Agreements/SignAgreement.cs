using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Agreements;

[Description("Records AgreementSigned. The two parties sign a treaty or memorandum; refused while one of the same title is in force.")]
public sealed record SignAgreement(string PartyA, string PartyB, string Kind, string Title)
    : RecordCommand<AgreementSigned>, IRecords<SignAgreement, AgreementSigned>
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override AgreementSigned ToEvent(RelationshipHistory history) => new(PartyA, PartyB, Kind.Trim(), Title.Trim());

    public static SignAgreement From(AgreementSigned e, RelationshipKey key) => new(e.PartyA, e.PartyB, e.Kind, e.Title);
}

public sealed class SignAgreementValidator : OneRuleValidator<SignAgreement>
{
    protected override void Check(SignAgreement c, OneRule<SignAgreement> rule)
    {
        rule.TwoParties(nameof(c.PartyA), c.PartyA, nameof(c.PartyB), c.PartyB);
        rule.Name(nameof(c.Kind), c.Kind);
        rule.Name(nameof(c.Title), c.Title);
    }
}
