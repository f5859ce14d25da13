using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Missions;

/// <summary>Records <see cref="MissionOpened"/>. The actor's mission in the counterpart opens at a level; refused while it is open.</summary>
[Description("Records MissionOpened. The actor's mission in the counterpart opens at a level; refused while it is open.")]
public sealed record OpenMission(string Actor, string Counterpart, string Level, string? City = null, string? ProtectingPower = null) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new MissionOpened(Actor, Counterpart, Rules.Parse<MissionLevel>(Level), City?.Trim(), ProtectingPower);
}

public sealed class OpenMissionValidator : AbstractValidator<OpenMission>
{
    public OpenMissionValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Level).OneOf<OpenMission, MissionLevel>();
        RuleFor(c => c.City).OptionalText();
        RuleFor(c => c.ProtectingPower).OptionalParty();
    }
}
