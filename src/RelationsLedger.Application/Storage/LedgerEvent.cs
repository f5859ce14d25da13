using System.Text.Json;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Storage;

/// <summary>A stored event decoded: the store's record, its envelope and the domain event.</summary>
public sealed record LedgerEvent(RecordedEvent Recorded, Envelope Envelope, IRelationshipEvent Event)
{
    public Guid EventId => Recorded.EventId;

    /// <summary>
    /// When the ledger learned the event (transaction time): the store's time, unless the event was
    /// imported, when it is the time the original ledger recorded it.
    /// </summary>
    public DateTimeOffset RecordedAt => Envelope.OriginallyRecordedAt ?? Recorded.RecordedAt;

    /// <summary>
    /// Whether the decode checked that the event's content produces the hash its envelope claims
    /// (<see cref="TryDecode(RecordedEvent, out string?)"/> does; the overload given an envelope does not): a reader that needs
    /// that hash again — the event's chain link, for history and audit — takes the envelope's instead of computing it a second
    /// time (one SHA-256 an event; round 43 of issue #16).
    /// </summary>
    public bool HashChecked { get; private init; }

    public Fact ToFact() => new(Recorded.EventId, Envelope.EffectiveDate, RecordedAt, (long)Recorded.Revision, Event);

    /// <summary>The event decoded; one that is not the ledger's (<see cref="TryDecode"/>) is tampering, named as <c>verify</c> names it.</summary>
    public static LedgerEvent Decode(RecordedEvent recorded) =>
        TryDecode(recorded, out var unreadable) ?? throw LedgerTamperedException.Unreadable(recorded, unreadable!);

    /// <summary>
    /// The event decoded, or null with why it is not one of the ledger's: a store may hold events another client
    /// appended, or ones changed since, and a reader that can go on past such an event (the feed) says so instead of failing.
    /// One whose content does not produce the hash its envelope claims is not the ledger's either: the ledger seals every
    /// event it records, so another client wrote it without the hash (or with another event's) or changed it since. Every
    /// reader of the log reads it so — the read model passes over it and refuses its relationship's questions, commands and
    /// history refuse it, the feed sends it as unreadable — as <c>verify</c> names it (altered; docs/audit.md). The hash is
    /// what the ledger recorded; which events it did not record although their hash is sound only <c>verify</c> tells.
    /// </summary>
    public static LedgerEvent? TryDecode(RecordedEvent recorded, out string? unreadable)
    {
        if (Envelope.ReadStored(recorded.Metadata, out unreadable) is not { } envelope) return null;
        if (!ChainLink.ContentProducesHash(recorded, envelope))
        {
            unreadable = Unsealed;
            return null;
        }
        return Decode(recorded, envelope, hashChecked: true, out unreadable);
    }

    /// <summary>Why an event whose content does not produce its hash is not read as the ledger's: verify's words for it.</summary>
    public const string Unsealed = "its content (data or envelope) no longer produces its hash";

    /// <summary>
    /// The same, with the envelope read already (the verifier's chain link reads it first). Data that reads as the event's type
    /// but names a party by no party id (an edit of the file: "taliban" → "tah elb") is not the ledger's either: no rule places
    /// it in a relationship, and every reader names it as it names data of another shape.
    /// </summary>
    public static LedgerEvent? TryDecode(RecordedEvent recorded, Envelope envelope, out string? unreadable) =>
        Decode(recorded, envelope, hashChecked: false, out unreadable);

    private static LedgerEvent? Decode(RecordedEvent recorded, Envelope envelope, bool hashChecked, out string? unreadable)
    {
        unreadable = null;
        IRelationshipEvent decoded;
        try
        {
            decoded = EventJson.DeserializeData(recorded.Type, envelope.SchemaVersion, recorded.Data.Span);
        }
        catch (JsonException e)
        {
            unreadable = $"its data cannot be read as {recorded.Type} version {envelope.SchemaVersion}: {e.Message}";
            return null;
        }
        try
        {
            decoded.RelationshipOf();
        }
        catch (FormatException e)
        {
            unreadable = $"its data cannot be placed in a relationship: {e.Message.TrimEnd('.')}";
            return null;
        }
        return new(recorded, envelope, decoded) { HashChecked = hashChecked };
    }
}
