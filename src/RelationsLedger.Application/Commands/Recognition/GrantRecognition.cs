using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Recognition;

/// <summary>Records <see cref="RecognitionGranted"/>. The actor recognises the counterpart (de jure or de facto); refused while the same recognition is in force.</summary>
[Description("Records RecognitionGranted. The actor recognises the counterpart (de jure or de facto); refused while the same recognition is in force.")]
public sealed record GrantRecognition(string Actor, string Counterpart, string Form) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new RecognitionGranted(Actor, Counterpart, Rules.Parse<RecognitionForm>(Form));
}

public sealed class GrantRecognitionValidator : AbstractValidator<GrantRecognition>
{
    public GrantRecognitionValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Form).OneOf<GrantRecognition, RecognitionForm>();
    }
}
