using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// The ledger does not verify where an answer depends on it: the findings say where, the message what was not done.
/// One failure for the digest and for every reader of a stream, so that the CLI (exit code 5) and the API
/// (409 <c>ledger-tampered</c>) name tampering one way wherever it is met.
/// </summary>
public sealed class LedgerTamperedException(string message, IReadOnlyList<ChainFinding> findings) : Exception(message)
{
    public IReadOnlyList<ChainFinding> Findings { get; } = findings;

    /// <summary>No digest was taken: it would certify the changes.</summary>
    public static LedgerTamperedException NoDigest(IReadOnlyList<ChainFinding> findings) =>
        new($"No digest was taken: the ledger does not verify ({findings.Count} finding(s)); a digest would certify the changes. Run 'ledger verify' for them.", findings);

    /// <summary>
    /// A relationship's record does not verify (an event altered, removed, inserted or reordered), so the history or
    /// audit asked of it is not shown: it would present the changes as what was recorded.
    /// </summary>
    public static LedgerTamperedException NotShown(RelationshipKey key, IReadOnlyList<ChainFinding> findings) =>
        new($"The record of {key.StreamName} does not verify ({findings.Count} finding(s)): its history is not shown, as it would present " +
            $"the changes as recorded. Run 'ledger verify {key.First} {key.Second}' for them.", findings);

    /// <summary>
    /// An event of a relationship's stream is not one of the ledger's: another client of the store appended it, or it
    /// was changed since. Nothing of the relationship can be shown or decided past it — its history is the whole stream —
    /// so the reader stops there and names it, as <c>verify</c> does (altered).
    /// </summary>
    public static LedgerTamperedException Unreadable(RecordedEvent e, string why) =>
        Unreadable(new ChainFinding(TamperKind.Altered, e.Stream, e.Revision, e.EventId, e.Position.ToString(), why));

    /// <summary>
    /// The same, for an event the read model passed over (<see cref="Queries.PassedOverEvent"/>): a question about its
    /// relationship is refused in the words a reader of the stream refuses it with, without reading the stream.
    /// </summary>
    public static LedgerTamperedException Unreadable(Queries.PassedOverEvent e) => e.Kind == TamperKind.Removed
        ? Missing(new ChainFinding(TamperKind.Removed, e.Stream, e.Revision, e.EventId, e.Position, e.Unreadable))
        : Unreadable(new ChainFinding(TamperKind.Altered, e.Stream, e.Revision, e.EventId, e.Position, e.Unreadable));

    /// <summary>
    /// Events of a relationship's stream are no longer in the store's global log (the server removed them), so what the
    /// read model holds of the relationship is not its whole record: nothing of it is answered, rather than answer from a part.
    /// </summary>
    private static LedgerTamperedException Missing(ChainFinding removed) =>
        new($"Events of {removed.Stream} are missing from the global log of the store ({removed.Detail}): what is left is not its whole record, so " +
            $"nothing of this relationship is answered from it. Run '{VerifyOf(removed.Stream)}' to name what is missing.", [removed]);

    /// <summary>
    /// A row of the embedded store that is no event (its id is not one): nothing that reads the log can read past it, the
    /// verification and the digest included, so the reader stops and names it, where it is.
    /// </summary>
    public static LedgerTamperedException UnreadableRow(ChainFinding altered) =>
        new($"The store's row at position {altered.Position} is not an event of this ledger (the store file was changed outside it): nothing " +
            "that reads the log past it — verify, digest, export, the read model — can read it as an event. Put the store back from a backup, " +
            "and verify that.", [altered]);

    private static string VerifyOf(string stream) =>
        RelationshipKey.TryParseStream(stream, out var key) ? $"ledger verify {key!.First} {key.Second}" : "ledger verify";

    private static LedgerTamperedException Unreadable(ChainFinding altered)
    {
        var verify = VerifyOf(altered.Stream);
        return new($"An event of {altered.Stream} is not an event of this ledger (another client of the store wrote it, or it was changed since it was " +
            $"recorded): nothing of this relationship can be shown or decided past it. Run '{verify}' to name every such event.", [altered]);
    }
}
