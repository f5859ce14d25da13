using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Relations;

[Description("Records RelationsEstablished. Diplomatic relations between the two parties begin; refused while they are established or severed (restore them instead).")]
public sealed record EstablishRelations(string PartyA, string PartyB)
    : RecordCommand<RelationsEstablished>, IRecords<EstablishRelations, RelationsEstablished>
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override RelationsEstablished ToEvent(RelationshipHistory history) => new(PartyA, PartyB);

    public static EstablishRelations From(RelationsEstablished e, RelationshipKey key) => new(e.PartyA, e.PartyB);
}

public sealed class EstablishRelationsValidator : OneRuleValidator<EstablishRelations>
{
    protected override void Check(EstablishRelations c, OneRule<EstablishRelations> rule)
    {
        rule.TwoParties(nameof(c.PartyA), c.PartyA, nameof(c.PartyB), c.PartyB);
    }
}
