using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Relations;

[Description("Records RelationsSevered. Diplomatic relations are broken; refused unless they are established on that date.")]
public sealed record SeverRelations(string PartyA, string PartyB, string? Reason = null)
    : RecordCommand<RelationsSevered>, IRecords<SeverRelations, RelationsSevered>
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override RelationsSevered ToEvent(RelationshipHistory history) => new(PartyA, PartyB, Reason?.Trim());

    public static SeverRelations From(RelationsSevered e, RelationshipKey key) => new(e.PartyA, e.PartyB, e.Reason);
}

public sealed class SeverRelationsValidator : OneRuleValidator<SeverRelations>
{
    protected override void Check(SeverRelations c, OneRule<SeverRelations> rule)
    {
        rule.TwoParties(nameof(c.PartyA), c.PartyA, nameof(c.PartyB), c.PartyB);
        rule.OptionalText(nameof(c.Reason), c.Reason, FieldRules.LongText);
    }
}
