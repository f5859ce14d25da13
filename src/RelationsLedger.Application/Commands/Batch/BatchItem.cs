using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// One command of a batch and how its errors name it: <c>commands[3]</c> in a JSON array or object (from 0),
/// <c>line 4</c> in NDJSON (from 1), as the client can find it in what it sent. <see cref="IdGiven"/>: whether the
/// client gave the command its <c>commandId</c>; one it did not give is new on every reading of the batch, so a retry of the
/// same file records that command again (what the advice after a failure of unknown outcome says).
/// </summary>
public sealed record BatchItem(string Label, RecordCommand Command, bool IdGiven = true)
{
    /// <summary>The command's name as in <c>ledger record</c> and <c>POST /commands/…</c>.</summary>
    public string Name => CommandCatalogue.ForCommand(Command.GetType()).Name;
}
