using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Commands.Batch;

/// <summary>One command of a batch as recorded: which item, which command, the event, where it landed, and whether it was there already.</summary>
public sealed record BatchItemRecorded(
    string Item, string Command, Guid EventId, string Type, string Stream, ulong Revision, GlobalPosition Position, bool AlreadyRecorded)
{
    public static BatchItemRecorded Of(BatchItem item, Recorded r) =>
        new(item.Label, item.Name, r.EventId, r.Type, r.Stream, r.Revision, r.Position, r.AlreadyRecorded);
}
