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
}

/// <summary>One problem found in a stream: which event, what kind, and why the verifier says so.</summary>
public sealed record ChainFinding(TamperKind Kind, string Stream, ulong Revision, Guid EventId, string Position, string Detail)
{
    public static ChainFinding Of(TamperKind kind, ChainLink link, string detail) =>
        new(kind, link.Stream, link.Revision, link.EventId, link.Position.ToString(), detail);

    public override string ToString() =>
        $"{Kind.ToString().ToUpperInvariant()}: {Stream} revision {Revision}, event {EventId} (position {Position}): {Detail}";
}
