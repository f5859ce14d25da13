using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Relations;

/// <summary>Records <see cref="RelationsRestored"/>. Severed relations resume; refused unless they are severed on that date.</summary>
[Description("Records RelationsRestored. Severed relations resume; refused unless they are severed on that date.")]
public sealed record RestoreRelations(string PartyA, string PartyB) : RecordCommand
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new RelationsRestored(PartyA, PartyB);
}

public sealed class RestoreRelationsValidator : AbstractValidator<RestoreRelations>
{
    public RestoreRelationsValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
    }
}
