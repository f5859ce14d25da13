using RelationsLedger.Domain.Decisions;

namespace RelationsLedger.Application.Commands.Batch;

/// <summary>One refused command of a batch: its label (<c>commands[3]</c>, <c>line 4</c>), its command, the event it would have recorded, and why.</summary>
public sealed record BatchItemRefused(string Item, string Command, string Type, Conflict Conflict)
{
    public override string ToString() =>
        $"{Item} ({Command}): {Conflict.Refusing(Type)}";
}
