using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Relations;

/// <summary>Records <see cref="RelationsSevered"/>. Diplomatic relations are broken; refused unless they are established on that date.</summary>
[Description("Records RelationsSevered. Diplomatic relations are broken; refused unless they are established on that date.")]
public sealed record SeverRelations(string PartyA, string PartyB, string? Reason = null) : RecordCommand
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new RelationsSevered(PartyA, PartyB, Reason?.Trim());
}

public sealed class SeverRelationsValidator : AbstractValidator<SeverRelations>
{
    public SeverRelationsValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Reason).OptionalText(Rules.LongText);
    }
}
