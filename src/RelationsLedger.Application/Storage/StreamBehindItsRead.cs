using System.Globalization;
using RelationsLedger.Application.Audit.Chain;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// The refusal of a stream that no longer holds the history its reader read (<see cref="WrongExpectedRevisionException.StreamWentBack"/>,
/// or a read on from a history the process keeps: <see cref="RelationshipRepository.ReadOnAsync"/>): the events between are no longer
/// in the store — a KurrentDB node restored from an older copy under a running server, rows deleted from the embedded store's file, a
/// file put back from a backup. Before round 66 it was taken for a lost race: the writer read on from its cached history, found nothing
/// newer, lost ten times and was told to "send it again", which failed the same way until a restart; and appending after the loss would
/// give the lost revisions to other events. Said as a removal, naming the first event gone.
/// </summary>
public static class StreamBehindItsRead
{
    public static LedgerTamperedException Refusal(WrongExpectedRevisionException lost, RelationshipHistory history) =>
        Refusal(lost.Stream, lost.Actual, history);

    /// <param name="actual">The stream's last revision in the store now (null: it holds no event), before the history's last.</param>
    public static LedgerTamperedException Refusal(string stream, ulong? actual, RelationshipHistory history)
    {
        var ends = actual is { } a ? $"at revision {a.ToString(CultureInfo.InvariantCulture)}" : "with no event";
        var read = history.Events[^1].Recorded.Revision.ToString(CultureInfo.InvariantCulture);
        var firstGone = actual is { } last ? last + 1 : 0;
        var gone = history.Events.FirstOrDefault(e => e.Recorded.Revision == firstGone)?.Recorded;
        var finding = new ChainFinding(TamperKind.Removed, stream, firstGone, gone?.EventId ?? Guid.Empty, gone?.Position.ToString() ?? "",
            $"the store no longer holds it, though this process read the stream up to revision {read} from there");
        return new LedgerTamperedException(
            $"Stream '{stream}' now ends {ends}, before revision {read} that this process has read from it: events were removed from the store " +
            "(a server restored from an older copy, or rows deleted). A digest taken before ('ledger verify --digest') shows what is missing; " +
            "restart the ledger to take the store as it is now.", [finding]);
    }

    /// <summary>
    /// The stream holds <paramref name="found"/> where the last event of the history this process read was: another history (another
    /// copy of the ledger put in the store's place and recorded into since) or a row changed in place.
    /// </summary>
    public static LedgerTamperedException Replaced(RecordedEvent found, RelationshipHistory history)
    {
        var read = history.Events[^1].Recorded;
        var revision = read.Revision.ToString(CultureInfo.InvariantCulture);
        var there = found.Revision == read.Revision ? $"event {found.EventId:D} (position {found.Position})" : "no event";
        var finding = new ChainFinding(TamperKind.Altered, read.Stream, read.Revision, read.EventId, read.Position.ToString(),
            $"the store holds {there} at this revision now, though this process read this event there");
        return new LedgerTamperedException(
            $"Stream '{read.Stream}' now holds {there} at revision {revision}, where this process read event {read.EventId:D} (position {read.Position}): " +
            "the store is not the one this process read (another copy put in its place and recorded into since, or rows changed). " +
            "A digest taken before ('ledger verify --digest') shows what changed; restart the ledger to take the store as it is now.", [finding]);
    }
}
