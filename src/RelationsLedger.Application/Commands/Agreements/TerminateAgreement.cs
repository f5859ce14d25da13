using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Agreements;

[Description("Records AgreementTerminated. An agreement ends; refused unless one of that title is in force on that date.")]
public sealed record TerminateAgreement(string PartyA, string PartyB, string Title, string? Reason = null)
    : RecordCommand<AgreementTerminated>, IRecords<TerminateAgreement, AgreementTerminated>
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override AgreementTerminated ToEvent(RelationshipHistory history) => new(PartyA, PartyB, Title.Trim(), Reason?.Trim());

    public static TerminateAgreement From(AgreementTerminated e, RelationshipKey key) => new(e.PartyA, e.PartyB, e.Title, e.Reason);
}

public sealed class TerminateAgreementValidator : OneRuleValidator<TerminateAgreement>
{
    protected override void Check(TerminateAgreement c, OneRule<TerminateAgreement> rule)
    {
        rule.TwoParties(nameof(c.PartyA), c.PartyA, nameof(c.PartyB), c.PartyB);
        rule.Name(nameof(c.Title), c.Title);
        rule.OptionalText(nameof(c.Reason), c.Reason, FieldRules.LongText);
    }
}
