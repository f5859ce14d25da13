using System.ComponentModel;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Commands.Missions;

[Description("Records MissionLevelChanged. The actor's open mission is raised or lowered; refused unless it is open at another level.")]
public sealed record ChangeMissionLevel(string Actor, string Counterpart, string Level, string? City = null, string? ProtectingPower = null)
    : RecordCommand<MissionLevelChanged>, IRecords<ChangeMissionLevel, MissionLevelChanged>
{
    public override (string A, string B) Parties() => (Actor, Counterpart);

    public override MissionLevelChanged ToEvent(RelationshipHistory history) => new(Actor, Counterpart, FieldRules.Parse<MissionLevel>(Level), City?.Trim(), ProtectingPower);

    public static ChangeMissionLevel From(MissionLevelChanged e, RelationshipKey key) => new(e.Actor, e.Counterpart, Names.Of(e.Level), e.City, e.ProtectingPower);
}

public sealed class ChangeMissionLevelValidator : OneRuleValidator<ChangeMissionLevel>
{
    protected override void Check(ChangeMissionLevel c, OneRule<ChangeMissionLevel> rule)
    {
        rule.TwoParties(nameof(c.Actor), c.Actor, nameof(c.Counterpart), c.Counterpart);
        rule.OneOf<MissionLevel>(nameof(c.Level), c.Level);
        rule.OptionalName(nameof(c.City), c.City);
        rule.OptionalParty(nameof(c.ProtectingPower), c.ProtectingPower);
        MissionRules.ProtectingPower(rule, c.Actor, c.Counterpart, c.Level, c.ProtectingPower);
    }
}
