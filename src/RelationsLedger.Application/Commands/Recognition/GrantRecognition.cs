using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Recognition;

[Description("Records RecognitionGranted. The actor recognises the counterpart (de jure or de facto); refused while the same recognition is in force.")]
public sealed record GrantRecognition(string Actor, string Counterpart, string Form)
    : RecordCommand<RecognitionGranted>, IRecords<GrantRecognition, RecognitionGranted>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override RecognitionGranted ToEvent(RelationshipHistory history) => new(Actor, Counterpart, FieldRules.Parse<RecognitionForm>(Form));

    public static GrantRecognition From(RecognitionGranted e, RelationshipKey key) => new(e.Actor, e.Counterpart, Names.Of(e.Form));
}

public sealed class GrantRecognitionValidator : OneRuleValidator<GrantRecognition>
{
    protected override void Check(GrantRecognition c, OneRule<GrantRecognition> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.OneOf<RecognitionForm>(nameof(c.Form), c.Form);
    }
}
