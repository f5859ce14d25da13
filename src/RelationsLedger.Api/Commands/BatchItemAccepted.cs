namespace RelationsLedger.Api.Commands;

/// <summary>
/// One command of a batch as recorded: its label (<c>commands[3]</c>, <c>line 4</c>), its name, the event as in a
/// single command's 201, whether an earlier try of the batch recorded it already, and where to read it.
/// </summary>
public sealed record BatchItemAccepted(
    string Item, string Command, Guid EventId, string Type, string Stream, ulong Revision, string GlobalPosition, bool AlreadyRecorded, string Location);
