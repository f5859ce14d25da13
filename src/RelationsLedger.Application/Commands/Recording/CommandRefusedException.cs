using RelationsLedger.Domain.Decisions;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>The command contradicts the relationship's timeline; nothing was recorded.</summary>
public sealed class CommandRefusedException(string type, Conflict conflict)
    : Exception($"{conflict.Refusing(type)}.")
{
    public string Type { get; } = type;
    public Conflict Conflict { get; } = conflict;
}
