using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Cooperation;

/// <summary>Records <see cref="EngagementHeld"/>. A forum, summit, delegation visit or talks between the two parties.</summary>
[Description("Records EngagementHeld. A forum, summit, delegation visit or talks between the two parties.")]
public sealed record HoldEngagement(string PartyA, string PartyB, string Kind, string Title, string? Place = null) : RecordCommand
{
    public override (string A, string B) Parties() => (PartyA, PartyB);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new EngagementHeld(PartyA, PartyB, Kind.Trim(), Place?.Trim(), Title.Trim());
}

public sealed class HoldEngagementValidator : AbstractValidator<HoldEngagement>
{
    public HoldEngagementValidator()
    {
        this.TwoParties(c => c.PartyA, c => c.PartyB);
        RuleFor(c => c.Kind).Text();
        RuleFor(c => c.Title).Text();
        RuleFor(c => c.Place).OptionalText();
    }
}
