using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Relations;

[Description("Records RelationsRestored. Severed relations resume; refused unless they are severed on that date.")]
public sealed record RestoreRelations(string PartyA, string PartyB)
    : RecordCommand<RelationsRestored>, IRecords<RestoreRelations, RelationsRestored>
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override RelationsRestored ToEvent(RelationshipHistory history) => new(PartyA, PartyB);

    public static RestoreRelations From(RelationsRestored e, RelationshipKey key) => new(e.PartyA, e.PartyB);
}

public sealed class RestoreRelationsValidator : OneRuleValidator<RestoreRelations>
{
    protected override void Check(RestoreRelations c, OneRule<RestoreRelations> rule)
    {
        rule.TwoParties(nameof(c.PartyA), c.PartyA, nameof(c.PartyB), c.PartyB);
    }
}
