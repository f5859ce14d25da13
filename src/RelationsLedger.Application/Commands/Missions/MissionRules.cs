using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;

namespace RelationsLedger.Application.Commands.Missions;

/// <summary>The rules a mission's fields share, whether it opens or changes level.</summary>
internal static class MissionRules
{
    /// <summary>
    /// A protecting power is a third party, and only an interests section has one: the flag it works under (docs/events.md).
    /// Since round 69 (before, <c>open-mission --actor US --counterpart IL --level embassy --protecting-power US</c> was recorded);
    /// an event recorded before is kept as it was recorded (an import, <c>verify</c>: <see cref="FieldRules.AsRecorded"/>).
    /// </summary>
    public static void ProtectingPower<T>(OneRule<T> rule, string actor, string counterpart, string level, string? protectingPower)
    {
        if (rule.AsRecorded || protectingPower is null) return;
        rule.NotEqual(nameof(MissionOpened.ProtectingPower), protectingPower, nameof(MissionOpened.Actor), actor, FieldRules.ProtectingPowerOfThePair);
        rule.NotEqual(nameof(MissionOpened.ProtectingPower), protectingPower, nameof(MissionOpened.Counterpart), counterpart, FieldRules.ProtectingPowerOfThePair);
        if (Names.TryParse<MissionLevel>(level, out var parsed) && parsed != MissionLevel.InterestsSection)
            rule.Must(false, nameof(MissionOpened.ProtectingPower), protectingPower, FieldRules.ProtectingPowerOfAnotherLevel(level));
    }
}
