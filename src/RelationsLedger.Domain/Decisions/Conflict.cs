namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// Why a command was refused: a contradiction with the relationship's timeline, naming the
/// event it conflicts with when there is one.
/// </summary>
public sealed record Conflict(string Message, Guid? ConflictingEventId = null);
