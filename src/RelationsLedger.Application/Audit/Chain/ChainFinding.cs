using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>The kinds of tampering the verifier names.</summary>
public enum TamperKind
{
    /// <summary>An event's content no longer produces its hash, or it sits where another event was chained.</summary>
    Altered,
    /// <summary>Events are missing: an event chains onto one the stream no longer holds.</summary>
    Removed,
    /// <summary>An event that does not belong in the chain: a second start, a fork, or a row that matches nothing.</summary>
    Inserted,
    /// <summary>The chain order and the recording order (revisions, global positions) disagree.</summary>
    Reordered,
    /// <summary>
    /// The chain is intact, but the ledger's rules refuse the event where it stands (<see cref="Rules.RulesOfRecord"/>): no
    /// command of the ledger would have recorded it there.
    /// </summary>
    Refused,
}

/// <summary>One problem found in a stream: which event, what kind, and why the verifier says so.</summary>
public sealed record ChainFinding(TamperKind Kind, string Stream, ulong Revision, Guid EventId, string Position, string Detail)
{
    public static ChainFinding Of(TamperKind kind, ChainLink link, string detail) =>
        new(kind, link.Stream, link.Revision, link.EventId, link.Position.ToString(), detail);

    /// <summary>
    /// Events the store hides from their stream (<see cref="HiddenStream"/>): removed for every reader of the stream. A
    /// finding of the stream, not of one event: its event id is the nil UUID and its position is where the store
    /// recorded the hiding (empty when it does not say).
    /// </summary>
    public static ChainFinding Of(HiddenStream hidden) =>
        new(TamperKind.Removed, hidden.Stream, 0, Guid.Empty, hidden.Position?.ToString() ?? "", hidden.How);

    public override string ToString() => EventId == Guid.Empty
        ? $"{Kind.ToString().ToUpperInvariant()}: {Stream}{(Position.Length > 0 ? $" (position {Position})" : "")}: {Detail}"
        : $"{Kind.ToString().ToUpperInvariant()}: {Stream} revision {Revision}, event {EventId} (position {Position}): {Detail}";
}
