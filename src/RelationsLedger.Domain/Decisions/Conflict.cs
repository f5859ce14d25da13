namespace RelationsLedger.Domain.Decisions;

/// <summary>
/// Why a command was refused: a contradiction with the relationship's timeline, naming the
/// event it conflicts with when there is one.
/// </summary>
public sealed record Conflict(string Message, Guid? ConflictingEventId = null)
{
    /// <summary>How every refusal reads, wherever it is told (a command, a batch item, an import line, a verify finding).</summary>
    public string Refusing(string eventType) => $"{eventType} refused: {Message}{(ConflictingEventId is { } id ? $" (conflicting event {id})" : "")}";
}
