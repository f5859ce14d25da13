namespace RelationsLedger.Domain.Events;

/// <summary>How one party recognises a state or government.</summary>
public enum RecognitionForm { DeJure, DeFacto }

/// <summary>The level of one party's mission in another, greatest first (the order matters: "at least level L").</summary>
public enum MissionLevel
{
    Embassy,
    AmbassadorNonresident,
    Legation,
    EnvoyNonresident,
    Consulate,
    ConsulNonresident,
    Liaison,
    InterestsSection,
}

/// <summary>How a statement characterises the counterpart.</summary>
public enum Stance { Ally, Partner, Neutral, Hostile }

public static class MissionLevels
{
    /// <summary>True when <paramref name="level"/> is <paramref name="minimum"/> or greater.</summary>
    public static bool IsAtLeast(this MissionLevel level, MissionLevel minimum) => level <= minimum;
}
