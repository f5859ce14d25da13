using System.Globalization;
using RelationsLedger.Application.Audit.Chain;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// The refusal of an append to a stream that ends before the history its writer read (<see cref="WrongExpectedRevisionException.StreamWentBack"/>):
/// the events between are no longer in the store — a KurrentDB node restored from an older copy under a running server, rows
/// deleted from the embedded store's file. Before round 66 it was taken for a lost race: the writer read on from its cached
/// history, found nothing newer, lost ten times and was told to "send it again", which failed the same way until a restart;
/// and appending after the loss would give the lost revisions to other events. Said as a removal, naming the first event gone.
/// </summary>
public static class StreamBehindItsRead
{
    public static LedgerTamperedException Refusal(WrongExpectedRevisionException lost, RelationshipHistory history)
    {
        var ends = lost.Actual is { } a ? $"at revision {a.ToString(CultureInfo.InvariantCulture)}" : "with no event";
        var read = lost.Expected.Revision.ToString(CultureInfo.InvariantCulture);
        var firstGone = lost.Actual is { } last ? last + 1 : 0;
        var gone = history.Events.FirstOrDefault(e => e.Recorded.Revision == firstGone)?.Recorded;
        var finding = new ChainFinding(TamperKind.Removed, lost.Stream, firstGone, gone?.EventId ?? Guid.Empty, gone?.Position.ToString() ?? "",
            $"the store no longer holds it, though this process read the stream up to revision {read} from there");
        return new LedgerTamperedException(
            $"Stream '{lost.Stream}' now ends {ends}, before revision {read} that this process has read from it: events were removed from the store " +
            "(a server restored from an older copy, or rows deleted). A digest taken before ('ledger verify --digest') shows what is missing; " +
            "restart the ledger to take the store as it is now.", [finding]);
    }
}
