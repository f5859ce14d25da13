using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// What the verifier needs of one stored event: where it sits, the hashes it claims, whether its
/// content still produces its own hash, when the ledger learned it (<see cref="RecordedAt"/>, kept
/// across imports) and when this store appended it (<see cref="StoredAt"/>). Kept small so a whole
/// ledger's links fit in memory.
/// </summary>
public sealed record ChainLink(
    Guid EventId, string Stream, ulong Revision, GlobalPosition Position, string Type,
    string? PreviousHash, string? Hash, bool ContentMatchesHash, string? Unreadable, DateTimeOffset RecordedAt, DateTimeOffset StoredAt)
{
    /// <summary>
    /// The hash the event's stored content produces now (over the previous hash it claims); null when its
    /// envelope cannot be read. Equal to <see cref="Hash"/> unless the event was changed. Digests are made of these.
    /// </summary>
    public string? Recomputed { get; init; }

    /// <summary>The link, and the envelope read to make it (null when unreadable), for a reader that needs the event too.</summary>
    public static ChainLink Of(RecordedEvent r, out Envelope? read)
    {
        read = Envelope.ReadStored(r.Metadata, out var unreadable);
        return read is { } envelope ? Of(r, envelope)
            : new(r.EventId, r.Stream, r.Revision, r.Position, r.Type, null, null, false, unreadable, r.RecordedAt, r.RecordedAt);
    }

    /// <summary>
    /// The link of an event already decoded (its envelope read once, by whoever decoded it; its hash computed once, when the
    /// decode checked it: <see cref="LedgerEvent.HashChecked"/>).
    /// </summary>
    public static ChainLink Of(LedgerEvent e) => Of(e.Recorded, e.Envelope, e.HashChecked ? e.Envelope.Hash : null);

    /// <param name="recomputed">The hash the content produces when already known, else computed here.</param>
    private static ChainLink Of(RecordedEvent r, Envelope envelope, string? recomputed = null)
    {
        recomputed ??= Recompute(r, envelope);
        return new(r.EventId, r.Stream, r.Revision, r.Position, r.Type, envelope.PreviousHash, envelope.Hash,
            recomputed == envelope.Hash, null, envelope.OriginallyRecordedAt ?? r.RecordedAt, r.RecordedAt)
        {
            Recomputed = recomputed == envelope.Hash ? envelope.Hash : recomputed, // the same text held once when the content is intact
        };
    }

    /// <summary>The hash the event's stored content produces (docs/audit.md), whatever hash it claims.</summary>
    public static string Recompute(RecordedEvent r, Envelope envelope) =>
        EventHash.Compute(r.Stream, r.EventId, r.Type, envelope.SchemaVersion, envelope.EffectiveDate, envelope.RecordedBy,
            envelope.Sources, envelope.CorrelationId, envelope.CausationId, r.Data.Span, envelope.PreviousHash, envelope.RecordedThrough);

    /// <summary>Whether the event's stored content produces the hash its envelope claims (<see cref="Recompute"/> equals it), without the hash's text.</summary>
    public static bool ContentProducesHash(RecordedEvent r, Envelope envelope) =>
        EventHash.Produces(envelope.Hash, r.Stream, r.EventId, r.Type, envelope.SchemaVersion, envelope.EffectiveDate, envelope.RecordedBy,
            envelope.Sources, envelope.CorrelationId, envelope.CausationId, r.Data.Span, envelope.PreviousHash, envelope.RecordedThrough);
}
