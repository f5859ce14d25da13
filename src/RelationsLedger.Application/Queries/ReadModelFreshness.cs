namespace RelationsLedger.Application.Queries;

/// <summary>
/// How current the read model behind an answer is. Query handlers catch the read model up to
/// the end of the log before answering; when that fails (a projection stopped on an event),
/// they still answer from what is projected and say so here: how many events it is behind and why.
/// </summary>
public sealed record ReadModelFreshness(string Projection, string Position, long Behind, string? Failure)
{
    /// <summary>Caught up with the log: nothing behind, nothing stopped. Events passed over do not make it behind (<see cref="PassedOver"/>).</summary>
    public bool IsCurrent => Behind == 0 && Failure is null && BehindKnown;

    /// <summary>
    /// False when how far behind the read model is cannot be told — the event store did not answer (or the catch-up did not
    /// end) within the question's wait, so its head is not known — and <see cref="Behind"/> is then 0, the least it may be, not
    /// a count: a client that read it as "current" would be wrong. Added in round 44 beside <c>behind</c>, which stays a number
    /// (the answer's shape only grows); <see cref="Failure"/> says why.
    /// </summary>
    public bool BehindKnown { get; init; } = true;

    /// <summary>An answer from the read model as it stands at <paramref name="position"/>, how far behind the log not known.</summary>
    public static ReadModelFreshness BehindUnknown(string projection, string position, string failure) =>
        new(projection, position, 0, failure) { BehindKnown = false };

    /// <summary>
    /// The events of the relationships an answer across relationships reads that the read model passed over, as not the
    /// ledger's (docs/projections.md, "Failure"): the answer leaves them out. Null when there are none, and on the state
    /// of one relationship, which is refused instead (<c>ledger-tampered</c>).
    /// </summary>
    public PassedOverEvents? PassedOver { get; init; }

    /// <summary>
    /// The runs of positions the store's log showed empty when the read model was built (rows deleted from the embedded
    /// store's file: docs/audit.md, "Positions left empty"), as the store words them; null when there were none. The answer
    /// holds what is left: which relationships lost events, the deleted rows no longer say.
    /// </summary>
    public IReadOnlyList<string>? DeletedFromLog { get; init; }
}
