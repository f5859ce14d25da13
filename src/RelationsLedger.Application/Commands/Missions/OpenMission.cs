using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Missions;

[Description("Records MissionOpened. The actor's mission in the counterpart opens at a level; refused while it is open.")]
public sealed record OpenMission(string Actor, string Counterpart, string Level, string? City = null, string? ProtectingPower = null)
    : RecordCommand<MissionOpened>, IRecords<OpenMission, MissionOpened>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override MissionOpened ToEvent(RelationshipHistory history) => new(Actor, Counterpart, FieldRules.Parse<MissionLevel>(Level), City?.Trim(), ProtectingPower);

    public static OpenMission From(MissionOpened e, RelationshipKey key) => new(e.Actor, e.Counterpart, Names.Of(e.Level), e.City, e.ProtectingPower);
}

public sealed class OpenMissionValidator : OneRuleValidator<OpenMission>
{
    protected override void Check(OpenMission c, OneRule<OpenMission> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.OneOf<MissionLevel>(nameof(c.Level), c.Level);
        rule.OptionalName(nameof(c.City), c.City);
        rule.OptionalParty(nameof(c.ProtectingPower), c.ProtectingPower);
        MissionRules.ProtectingPower(rule, c.Actor, c.Counterpart, c.Level, c.ProtectingPower);
    }
}
