using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Missions;

/// <summary>Records <see cref="MissionLevelChanged"/>. The actor's open mission is raised or lowered; refused unless it is open at another level.</summary>
[Description("Records MissionLevelChanged. The actor's open mission is raised or lowered; refused unless it is open at another level.")]
public sealed record ChangeMissionLevel(string Actor, string Counterpart, string Level, string? City = null, string? ProtectingPower = null) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new MissionLevelChanged(Actor, Counterpart, Rules.Parse<MissionLevel>(Level), City?.Trim(), ProtectingPower);
}

public sealed class ChangeMissionLevelValidator : AbstractValidator<ChangeMissionLevel>
{
    public ChangeMissionLevelValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Level).OneOf<ChangeMissionLevel, MissionLevel>();
        RuleFor(c => c.City).OptionalText();
        RuleFor(c => c.ProtectingPower).OptionalParty();
    }
}
