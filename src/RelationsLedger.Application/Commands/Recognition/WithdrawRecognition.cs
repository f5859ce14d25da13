using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Recognition;

[Description("Records RecognitionWithdrawn. The actor withdraws its recognition; refused unless it is in force on that date.")]
public sealed record WithdrawRecognition(string Actor, string Counterpart, string? Reason = null)
    : RecordCommand<RecognitionWithdrawn>, IRecords<WithdrawRecognition, RecognitionWithdrawn>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override RecognitionWithdrawn ToEvent(RelationshipHistory history) => new(Actor, Counterpart, Reason?.Trim());

    public static WithdrawRecognition From(RecognitionWithdrawn e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.Reason);
}

public sealed class WithdrawRecognitionValidator : OneRuleValidator<WithdrawRecognition>
{
    protected override void Check(WithdrawRecognition c, OneRule<WithdrawRecognition> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.OptionalText(nameof(c.Reason), c.Reason, FieldRules.LongText);
    }
}
