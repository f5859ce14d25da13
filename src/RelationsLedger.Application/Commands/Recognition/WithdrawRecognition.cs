using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Recognition;

/// <summary>Records <see cref="RecognitionWithdrawn"/>. The actor withdraws its recognition; refused unless it is in force on that date.</summary>
[Description("Records RecognitionWithdrawn. The actor withdraws its recognition; refused unless it is in force on that date.")]
public sealed record WithdrawRecognition(string Actor, string Counterpart, string? Reason = null) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new RecognitionWithdrawn(Actor, Counterpart, Reason?.Trim());
}

public sealed class WithdrawRecognitionValidator : AbstractValidator<WithdrawRecognition>
{
    public WithdrawRecognitionValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Reason).OptionalText(Rules.LongText);
    }
}
