using System.ComponentModel;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Missions;

/// <summary>Records <see cref="MissionClosed"/>. The actor's mission in the counterpart closes; refused unless it is open on that date.</summary>
[Description("Records MissionClosed. The actor's mission in the counterpart closes; refused unless it is open on that date.")]
public sealed record CloseMission(string Actor, string Counterpart, string? Reason = null) : RecordCommand
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override IRelationshipEvent ToEvent(RelationshipHistory history) => new MissionClosed(Actor, Counterpart, Reason?.Trim());
}

public sealed class CloseMissionValidator : AbstractValidator<CloseMission>
{
    public CloseMissionValidator()
    {
        this.TwoParties(c => c.Actor, c => c.Counterpart);
        RuleFor(c => c.Reason).OptionalText(Rules.LongText);
    }
}
