namespace RelationsLedger.Domain.Decisions;

/// <summary>One proposed fact of several decided together (<see cref="DecideTogether"/>) that was refused: its place among them, and why.</summary>
public sealed record Refusal(int Index, Conflict Conflict);
