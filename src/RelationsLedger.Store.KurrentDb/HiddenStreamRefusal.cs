using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Mapping;

namespace RelationsLedger.Store.KurrentDb;

/// <summary>
/// The refusal of a stream the server hides, saying what the operator can do when the stream is one of the ledger's own
/// (<see cref="EventIdReservations"/>, <see cref="LedgerIdentityStream"/>): 'ledger verify' reads neither, so it cannot be
/// what the message points to. Every hidden stream this store meets is refused through here.
/// </summary>
internal static class HiddenStreamRefusal
{
    /// <summary>Undoing a hiding by metadata or a soft delete, which the server does not forget until it scavenges.</summary>
    private const string Undo =
        "With a KurrentDB client, write the stream's metadata again without what hides it ({}) and its events read again, unless the server " +
        "has scavenged them since; after a soft delete that nothing was written after, write it twice (the first write only undeletes the stream from its next revision).";

    public static StreamHiddenException Of(HiddenStream hidden) => new(hidden, WhatToDo(hidden));

    private static string? WhatToDo(HiddenStream hidden)
    {
        var tombstone = hidden.How == Responses.TombstoneHides;
        if (hidden.Stream.StartsWith(EventIdReservations.StreamPrefix, StringComparison.Ordinal))
            return tombstone
                ? "A tombstone cannot be undone: this event id cannot be recorded on this server again, in any relationship; record the change under a new command id (--command-id, Idempotency-Key)."
                : $"The event id is refused in every relationship until the reservation reads whole. {Undo} Or record the change under a new command id (--command-id, Idempotency-Key).";
        if (hidden.Stream == LedgerIdentityStream.Stream)
            return tombstone
                ? "A tombstone cannot be undone: events are still recorded, but nothing that checks which ledger the server holds (a read model, 'projections status') can use this server again; only a restore of the server from a backup brings the identity back."
                : $"Events are still recorded; a read model and 'projections status' need the identity. {Undo}";
        // Refused before an append (KurrentDbEventStore.RefuseRetentionAsync): the stream may read whole yet, but not after it.
        if (hidden.HidesLaterEvents)
            return "Nothing was appended: an event appended to it would have the server hide the earliest of its recorded events (max count) or hide " +
                "them as they age (max age). With a KurrentDB client, write the stream's metadata again without $maxCount and $maxAge ({}).";
        return null;
    }
}
