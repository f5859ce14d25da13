using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// Loads and appends relationship streams, sealing each event into the stream's hash chain. Every append first waits while
/// another writer of this process holds the write turn of one of its streams (<see cref="WriteTurns"/>; the container's one
/// instance, else one of this repository's own).
/// </summary>
public sealed class RelationshipRepository(IEventStore store, HistoryCache? cache = null, WriteTurns? turns = null)
{
    private readonly WriteTurns _turns = turns ?? new();

    private const int PageSize = 4096;

    /// <summary>The whole stream: what the cache holds, then everything recorded after it, read and decoded.</summary>
    public Task<RelationshipHistory> LoadAsync(RelationshipKey key, CancellationToken ct = default) =>
        ReadOnAsync(cache?.Get(key) ?? new RelationshipHistory(key, []), ct);

    /// <summary>
    /// <paramref name="history"/> and everything recorded after it, read and decoded: the whole stream again, read from where
    /// a caller's history ends rather than from where the cache's does — which is nowhere for a stream the cache did not keep.
    /// The read begins at the history's last event, which the stream must still hold: a history kept by this process (the cache) of
    /// events the store no longer holds — rows deleted, an older copy or another ledger's store put in the file's place under a
    /// running server — is refused (<see cref="StreamBehindItsRead"/>), never answered. Before round 67 the read began after it, found
    /// nothing, and `GET …/history` and `…/audit` went on listing the cached events the store had lost until the server restarted.
    /// </summary>
    public async Task<RelationshipHistory> ReadOnAsync(RelationshipHistory history, CancellationToken ct = default)
    {
        var key = history.Key;
        var tail = new List<LedgerEvent>();
        ulong? from = null;
        var confirmed = history.Count == 0; // whether the store was seen to hold the history's last event
        if (!confirmed)
        {
            var last = history.Events[^1].Recorded;
            // The embedded store's writer appended it, and nothing has written to the file since: no query (round 31).
            if (store is IKnowsStreamEnds own && own.EndsAt(key.StreamName, last.Revision)) return history;
            from = last.Revision;
        }
        while (true)
        {
            var page = 0;
            await foreach (var recorded in store.ReadStreamAsync(key.StreamName, ReadDirection.Forwards, from, PageSize, ct))
            {
                page++;
                if (confirmed)
                {
                    tail.Add(LedgerEvent.Decode(recorded));
                    continue;
                }
                if (recorded.EventId != history.Events[^1].EventId || recorded.Revision != history.Events[^1].Recorded.Revision)
                    throw StreamBehindItsRead.Replaced(recorded, history);
                confirmed = true;
            }
            if (!confirmed)
            {
                // Reads that go to a follower (KurrentDB's nodePreference other than leader) may not hold yet what this process appended
                // through the leader: only the leader's log tells a lag from a removal. The follower holds nothing newer either.
                if (await HeldByTheLeaderAsync(history, ct)) return history;
                throw StreamBehindItsRead.Refusal(key.StreamName, await LastRevisionAsync(key.StreamName, ct), history);
            }
            if (page < PageSize) break;
            from = tail[^1].Recorded.Revision + 1; // a full page holds at least one event after the confirmed one
        }
        if (tail.Count == 0) return history;
        return cache is not null ? cache.Extend(history, tail) : new(key, [.. history.Events, .. tail]);
    }

    /// <summary>Whether the store's reads may trail its writes and its leader still holds <paramref name="history"/>'s last event.</summary>
    private async Task<bool> HeldByTheLeaderAsync(RelationshipHistory history, CancellationToken ct)
    {
        if (store is not IReadsFromFollowers { ReadsMayTrail: true } trailing) return false;
        var last = history.Events[^1];
        return await trailing.ReadAtOnLeaderAsync(last.Recorded.Position, ct) is { } onLeader && onLeader.EventId == last.EventId;
    }

    /// <summary>The stream's last revision in the store now (null: none), for a refusal's words.</summary>
    private async Task<ulong?> LastRevisionAsync(string stream, CancellationToken ct)
    {
        await foreach (var e in store.ReadStreamAsync(stream, ReadDirection.Backwards, null, 1, ct)) return e.Revision;
        return null;
    }

    /// <summary>
    /// Takes the write turns of <paramref name="keys"/>' streams for a writer that keeps losing its race (<see cref="WriteTurns"/>):
    /// it passes the turn to its appends, and disposes it when it is done.
    /// </summary>
    public Task<WriteTurns.Turn> TakeTurnAsync(IEnumerable<RelationshipKey> keys, CancellationToken ct = default) =>
        _turns.TakeAsync(keys.Select(k => k.StreamName), ct);

    /// <param name="turn">The write turn this writer holds, if it took one (<see cref="TakeTurnAsync"/>).</param>
    public async Task<AppendResult> AppendAsync(
        RelationshipHistory history, Guid eventId, IRelationshipEvent e, PartialDate effectiveDate, Provenance provenance,
        WriteTurns.Turn? turn = null, CancellationToken ct = default)
    {
        var (data, envelope) = Sealed(history.Key.StreamName, eventId, e, effectiveDate, provenance, history.LastHash);
        await _turns.WaitForTurnAsync([history.Key.StreamName], turn, ct);
        AppendResult result;
        try
        {
            result = await store.AppendAsync(history.Key.StreamName, history.Expected, [data], ct);
        }
        catch (WrongExpectedRevisionException lost) when (lost.StreamWentBack)
        {
            throw StreamBehindItsRead.Refusal(lost, history);
        }
        // The cache learns what was just written, so the next command on this relationship finds its history current:
        // a store that knows its own writes then answers its tail read without a query. It learns the event and the
        // envelope that were just serialised, not a decode of their bytes: the same values (a round trip gives back
        // equal records, tested for every event type), without parsing what was written a moment ago.
        if (cache is not null && !result.Repeated && result.RecordedAt is { } at)
            cache.Extend(history, [new LedgerEvent(new RecordedEvent(
                eventId, history.Key.StreamName, result.NextExpectedRevision, result.Position, data.Type, data.Data, data.Metadata, at), envelope, e)]);
        return result;
    }

    /// <summary>
    /// Appends several events to each of several relationships at once: each relationship's events sealed in order
    /// onto its chain, at the revision its history was read at, in one <see cref="IEventStore.AppendManyAsync"/> —
    /// all or nothing on a store that <see cref="IEventStore.AppendsAtomicallyAcrossStreams"/>, else each relationship's part atomic.
    /// </summary>
    /// <param name="turn">The write turn this writer holds, if it took one (<see cref="TakeTurnAsync"/>).</param>
    public async Task<IReadOnlyList<AppendResult>> AppendManyAsync(
        IReadOnlyList<(RelationshipHistory History, IReadOnlyList<PendingEvent> Events)> parts, WriteTurns.Turn? turn = null, CancellationToken ct = default)
    {
        var appends = new List<StreamAppend>(parts.Count);
        foreach (var (history, events) in parts)
        {
            var previous = history.LastHash;
            var data = new List<EventData>(events.Count);
            foreach (var e in events)
            {
                var (sealedEvent, hash) = Seal(history.Key.StreamName, e.EventId, e.Event, e.EffectiveDate, e.Provenance, previous);
                data.Add(sealedEvent);
                previous = hash;
            }
            appends.Add(new StreamAppend(history.Key.StreamName, history.Expected, data));
        }
        await _turns.WaitForTurnAsync(appends.Select(a => a.Stream), turn, ct);
        try
        {
            return await store.AppendManyAsync(appends, ct);
        }
        catch (WrongExpectedRevisionException lost) when (lost.StreamWentBack)
        {
            throw StreamBehindItsRead.Refusal(lost, HistoryOf(lost.Stream)); // nothing of the batch was recorded
        }
        catch (PartialAppendException partial) when (partial.InnerException is WrongExpectedRevisionException { StreamWentBack: true } lost)
        {
            // A store that appends part by part (KurrentDB) recorded the parts before it: said as such, the removal its reason.
            throw new PartialAppendException(partial.Appended, partial.FailedPart, partial.Stream, StreamBehindItsRead.Refusal(lost, HistoryOf(lost.Stream)));
        }

        RelationshipHistory HistoryOf(string stream) => parts.First(p => p.History.Key.StreamName == stream).History;
    }

    /// <summary>
    /// The stored form of one event: its data and its envelope, chained to <paramref name="previousHash"/>.
    /// Bulk writers (imports, benchmark set-up) seal with this too, so every path writes the same chain.
    /// </summary>
    public static (EventData Data, string Hash) Seal(
        string stream, Guid eventId, IRelationshipEvent e, PartialDate effectiveDate, Provenance provenance, string? previousHash)
    {
        var (data, envelope) = Sealed(stream, eventId, e, effectiveDate, provenance, previousHash);
        return (data, envelope.Hash);
    }

    private static (EventData Data, Envelope Envelope) Sealed(
        string stream, Guid eventId, IRelationshipEvent e, PartialDate effectiveDate, Provenance provenance, string? previousHash)
    {
        var entry = EventCatalogue.Of(e);
        var data = EventJson.SerializeData(e);
        var hash = EventHash.Compute(stream, eventId, entry.Name, entry.Version, effectiveDate, provenance.RecordedBy,
            provenance.Sources, provenance.CorrelationId, provenance.CausationId, data, previousHash, provenance.RecordedThrough);
        // The sources are copied: the envelope may be kept (the history cache), and the caller's list is not ours.
        var envelope = new Envelope(entry.Version, effectiveDate, provenance.RecordedBy, [.. provenance.Sources],
            provenance.CorrelationId, provenance.CausationId, previousHash, hash, RecordedThrough: provenance.RecordedThrough);
        return (new EventData(eventId, entry.Name, data, envelope.Serialize(), envelope.FormatVersion), envelope);
    }
}
