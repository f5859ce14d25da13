using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Missions;

[Description("Records MissionClosed. The actor's mission in the counterpart closes; refused unless it is open on that date.")]
public sealed record CloseMission(string Actor, string Counterpart, string? Reason = null)
    : RecordCommand<MissionClosed>, IRecords<CloseMission, MissionClosed>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override MissionClosed ToEvent(RelationshipHistory history) => new(Actor, Counterpart, Reason?.Trim());

    public static CloseMission From(MissionClosed e, RelationshipKey key) => new(e.Actor, e.Counterpart, e.Reason);
}

public sealed class CloseMissionValidator : OneRuleValidator<CloseMission>
{
    protected override void Check(CloseMission c, OneRule<CloseMission> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.OptionalText(nameof(c.Reason), c.Reason, FieldRules.LongText);
    }
}
