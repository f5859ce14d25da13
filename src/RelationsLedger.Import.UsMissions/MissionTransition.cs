using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Import.UsMissions;

/// <summary>One row of transitions.csv, read and mapped: the US mission in a country changes to a level (null: none).</summary>
public sealed record MissionTransition(int Line, string StateDeptName, string Party, MissionLevel? Level, PartialDate EffectiveDate, string? Notes);
