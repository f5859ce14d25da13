using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Relations;

/// <summary>Records <see cref="RelationsEstablished"/>. Diplomatic relations between the two parties begin; refused while they are established or severed (restore them instead).</summary>
[Description("Records RelationsEstablished. Diplomatic relations between the two parties begin; refused while they are established or severed (restore them instead).")]
public sealed record EstablishRelations(string PartyA, string PartyB) : RecordCommand
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new RelationsEstablished(PartyA, PartyB);
}

public sealed class EstablishRelationsValidator : AbstractValidator<EstablishRelations>
{
    public EstablishRelationsValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
    }
}
