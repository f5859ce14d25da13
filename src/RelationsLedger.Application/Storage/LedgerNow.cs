namespace RelationsLedger.Application.Storage;

/// <summary>
/// What "now" is for a question about what the ledger knew: this machine's clock, but never earlier than the time the store
/// stamped on the log's last event. A clock can be behind the log — stepped back (NTP, a VM resumed, <c>date -s</c>), or
/// another's: a KurrentDB server's stamps its events — and a moment the ledger has already recorded at has come, whatever
/// this clock says (before, "as known at" a recorded-at copied from <c>history</c> was refused as still to come on a machine
/// whose clock was an hour behind it).
/// </summary>
/// <remarks>
/// The clock alone is asked first; the store only when the clock would call a moment still to come, so a question within the
/// clock's bounds pays no read. That read blocks (the validators' rules are synchronous: <c>ValidationBehaviour</c>): two
/// reads of one event each, on a path taken only by a moment ahead of this clock. A container without a store (the
/// validators' own tests) has the clock alone.
/// </remarks>
public sealed class LedgerNow(TimeProvider clock, IEventStore? store)
{
    /// <summary>This machine's clock.</summary>
    public DateTimeOffset Clock() => clock.GetUtcNow();

    /// <summary>The time the store stamped on the log's last event (its own time, not an import's original one); null for an empty log.</summary>
    public DateTimeOffset? LastRecordedAt()
    {
        if (store is null) return null;
        return Last(store).GetAwaiter().GetResult();

        static async Task<DateTimeOffset?> Last(IEventStore store) =>
            await store.HeadAsync().ConfigureAwait(false) is { } head && await store.ReadAtAsync(head).ConfigureAwait(false) is { } last ? last.RecordedAt : null;
    }
}
