using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// The relationships read model: every relationship, the temporal index of its folded state
/// (item versions: designation periods, recognitions, ambassador tenures and pending nominations,
/// mission levels, relations status, sanctions, agreements, pledges, projects, the latest
/// engagements and statements) and the temporal index of its facts. The state rows come from
/// running the domain's own fold (<see cref="Fold.Evolve"/>) over the resolved timeline, so an
/// as-of answer read from them is the straight fold's answer by construction.
/// </summary>
/// <param name="maxCachedBytes">
/// How much memory the relationships held between batches may take, by <see cref="HeldSize.InReadModel"/> (<c>ledger serve</c>:
/// <c>Api:ReadModelCacheMegabytes</c>); 0: none, each batch's relationships are restored from their streams and rows again.
/// </param>
public sealed class RelationshipsProjection(long maxCachedBytes = ProjectionOptions.DefaultCachedBytes) : IBulkProjection, IDisposable
{
    public const string ProjectionName = "relationships";

    public string Name => ProjectionName;

    /// <summary>What the relationships held in memory cost, by <see cref="HeldSize.InReadModel"/>: at most maxCachedBytes after each batch.</summary>
    public long CachedBytes => _cachedBytes;

    /// <summary>How many times a relationship not held in memory was restored from its stream and its rows for an event.</summary>
    public long Restored { get; private set; }

    /// <summary>
    /// 3: the table of events passed over as not the ledger's (<see cref="PassedOver"/>). 4: it also names a relationship whose
    /// first event in the log is above revision 0 (kind removed); a read model of 3 took such a relationship's rest for its
    /// whole record, and is rebuilt. 5: smaller rows (issue #16 goal 5) — no <c>item_versions.event_id</c> (the payload holds it),
    /// no <c>facts.effective</c> (its first and last day say it), a fact's event id as 16 bytes. 6: a fact's type as a code
    /// named in the table <c>fact_types</c> (<see cref="FactTypes"/>). 7: an item's payload in its binary form (<see cref="ItemCodec"/>), not JSON —
    /// 60 % fewer bytes in the column (issue #16 goal 5).
    /// </summary>
    public int Version => 7;

    // Relationships held in memory, most recently used last; evicted whole when their facts hold more than maxCachedBytes.
    private readonly Dictionary<string, LinkedListNode<RelationshipTimeline>> _cache = new(StringComparer.Ordinal);
    private readonly LinkedList<RelationshipTimeline> _lru = new();
    private readonly Dictionary<long, (RelationshipTimeline Timeline, RecordedEvent Last)> _dirty = [];
    // Streams known not whole in the log (IsNotWhole), so that their events cost no look-up each; forgotten with the rest.
    private readonly HashSet<string> _notWhole = new(StringComparer.Ordinal);
    private long _cachedBytes;
    // How often each relationship had an event lately, and those restored (or begun) since the last Evict: past the bound, a
    // relationship restored is kept only in place of relationships met less often (Evict).
    private readonly AccessFrequency _frequency = new();
    private readonly List<RelationshipTimeline> _restored = [];
    private readonly RowChange _change = new();
    private RowWriter? _writer;
    private bool _bulk;

    /// <summary>The tables and their indexes; in a bulk load, only those its rows reach in order (the others at its end, <see cref="EndBulk"/>).</summary>
    public void CreateSchema(SqliteConnection connection, SqliteTransaction transaction) =>
        Schema.Execute(connection, transaction, Schema.Create + (_bulk ? Schema.ByRelationship : Schema.Indexes));

    public void DropSchema(SqliteConnection connection, SqliteTransaction transaction) => Schema.Execute(connection, transaction, Schema.Drop);

    public async ValueTask ApplyAsync(LedgerEvent e, ProjectionBatch batch, CancellationToken ct)
    {
        // A stream with the ledger's prefix that names no relationship (parties out of order, a look-alike letter) was
        // written by another client of the store: no question can be about it, so it is passed over rather than stop
        // every question; verify names each of its events (inserted).
        // A relationship held in memory was parsed from this very name: its key, not another parse (strings) for every event.
        RelationshipKey? key;
        if (_cache.TryGetValue(e.Recorded.Stream, out var held)) key = held.Value.Key;
        else if (!RelationshipKey.TryParseStream(e.Recorded.Stream, out key)) return;
        var writer = WriterFor(batch);
        if (await TimelineAsync(key!, e, batch, ct) is not { } timeline) return; // not whole: nothing is answered from the rest

        _cachedBytes += timeline.FoldIn(e, _change);
        var change = _change;
        var at = e.RecordedAt.UtcTicks;
        var rel = timeline.RelationshipId;
        // Rows are kept in memory until the end of the batch (of the rebuild, in a bulk load): a row
        // superseded before then is written once, whole, and one never visible is not written at all.
        foreach (var s in change.SupersededSegments) writer.Retire(rel, s, at);
        foreach (var f in change.SupersededFacts) writer.Retire(rel, f, at);
        if (!_bulk)
        {
            timeline.PendingSegments.AddRange(change.NewSegments);
            timeline.PendingFacts.AddRange(change.NewFacts);
        }
        _dirty[rel] = (timeline, e.Recorded);
    }

    /// <summary>A relationship's stream folded on a bulk load's decoder thread (<see cref="StreamFoldAhead"/>); null for a stream that names no relationship.</summary>
    public IStreamFold? FoldAhead(string stream) => RelationshipKey.TryParseStream(stream, out var key) ? new StreamFoldAhead(key!) : null;

    /// <summary>
    /// <see cref="ApplyAsync"/> for an event folded ahead (<see cref="StreamFoldAhead"/>): the fold is made, its rows are
    /// written here. The stream's first event gives the relationship its row, as <see cref="TimelineAsync"/> does for a relationship
    /// met first in a bulk load (each stream is read once, whole: no row of it yet, nothing said of it); the timeline is then held
    /// as that method holds it, so the stream's events not folded ahead are applied onto it as before.
    /// <para>
    /// The decoder may be folding the stream's later events onto the same timeline meanwhile: here only its key is read, its row's
    /// id set (which the fold never reads) and the rows the event retired written from the fold's own copies of them. Its current
    /// rows are read only when the stream is complete (<see cref="CompleteStream"/>, after its last chunk, which the decoder hands
    /// over after its last fold) or the load ends; and the events not folded ahead come after the decoder stopped folding it.
    /// </para>
    /// </summary>
    public void ApplyFolded(LedgerEvent e, object folded, ProjectionBatch batch)
    {
        var f = (FoldedEvent)folded;
        var timeline = f.Timeline;
        if (!_cache.ContainsKey(e.Recorded.Stream))
        {
            timeline.RelationshipId = InsertRelationship(batch, timeline.Key);
            _cache[e.Recorded.Stream] = _lru.AddLast(timeline);
        }
        f.Failure?.Throw();
        _cachedBytes += f.Size;
        var writer = WriterFor(batch);
        var rel = timeline.RelationshipId;
        foreach (var s in f.RetiredSegments ?? []) writer.Retire(rel, s, f.At);
        foreach (var r in f.RetiredFacts ?? []) writer.Retire(rel, r, f.At);
        _dirty[rel] = (timeline, e.Recorded);
    }

    /// <summary>
    /// An event that is not the ledger's in a relationship's stream is recorded (<see cref="PassedOver"/>): a question about
    /// the relationship is refused naming it, and answers across relationships say they leave it out. One in a stream that
    /// names no relationship is passed over as that stream's readable events are (<see cref="ApplyAsync"/>).
    /// </summary>
    public void PassOver(RecordedEvent e, string unreadable, ProjectionBatch batch)
    {
        if (!RelationshipKey.TryParseStream(e.Stream, out var key)) return;
        var met = _cache.ContainsKey(e.Stream) || FindRelationship(batch, key!) is not null;
        if (!met) IsNotWhole(batch, key!, e);
        // A tombstone is the server's record, not an event: after the stream's events it changes nothing (they are still in
        // the log, and answered from); as all the log holds of the stream it is its removal, named above.
        if (!Tombstone.Is(e)) PassedOver.Record(batch, key!, e, unreadable);
    }

    /// <summary>
    /// Whether the relationship of <paramref name="e"/>, which the projection holds no row of, is not whole in the log: said
    /// so before (a row of kind removed), or <paramref name="e"/> is the first event of its stream the projection meets
    /// (applied or passed over) and it is above revision 0. Every path reads a stream's events in revision order, so that means
    /// the global log no longer holds the ones before — the server removed them (a scavenge after another client truncated
    /// or deleted the stream). It is recorded as such; questions about the relationship are refused and answers across
    /// relationships name it, and none of its events is applied: nothing is answered from part of a record. (Hidden but not
    /// yet scavenged, the events are still in the log and are read from there, whole.)
    /// </summary>
    private bool IsNotWhole(ProjectionBatch batch, RelationshipKey key, RecordedEvent e)
    {
        if (_notWhole.Contains(e.Stream)) return true;
        // A stream's revision 0 comes first on every path, so nothing can have been said of the stream before it: every new
        // relationship's first event answers here, without the two look-ups below.
        if (e.Revision == 0) return false;
        var said = PassedOver.RemovedIn(batch, e.Stream);
        // Met before through events passed over: whole as far as this tells (TimelineAsync asks the log whether it still is).
        if (!said && PassedOver.AnyIn(batch, e.Stream)) return false;
        if (!said) PassedOver.RecordMissing(batch, key, e);
        _notWhole.Add(e.Stream);
        return true;
    }

    public PassedOverCounts PassedOverCounts(SqliteConnection connection) => PassedOver.Counts(connection);

    public void Flush(ProjectionBatch batch)
    {
        if (_bulk) return; // everything is written at the end of the bulk load
        WriteDirty(batch);
        // The writer's statements stay prepared for the next batch on this connection (WriterFor).
        Evict();
    }

    /// <summary>Writes the rows still only in memory and the relationships' counters of the relationships changed since the last time.</summary>
    private void WriteDirty(ProjectionBatch batch, bool everything = false)
    {
        foreach (var (rel, (timeline, last)) in _dirty) WriteRows(batch, rel, timeline, last, everything);
        _dirty.Clear();
    }

    /// <summary>
    /// Writes one changed relationship's rows held only in memory and its counters: those made since the last write, or,
    /// in a bulk load (where nothing of it was written but the rows superseded), <paramref name="everything"/> current.
    /// </summary>
    private void WriteRows(ProjectionBatch batch, long rel, RelationshipTimeline timeline, RecordedEvent last, bool everything)
    {
        var writer = WriterFor(batch);
        foreach (var f in everything ? timeline.FactRows.Values : (IEnumerable<FactRow>)timeline.PendingFacts) writer.WriteCurrent(rel, f);
        foreach (var s in everything ? timeline.CurrentSegments : timeline.PendingSegments) writer.WriteCurrent(rel, s);
        timeline.PendingFacts.Clear();
        timeline.PendingSegments.Clear();
        writer.UpdateCounters(rel, timeline.RecordedCount, last.Position.ToString(), last.RecordedAt.UtcTicks);
        writer.Flush(); // the relationship's rows in the file, as one at a time would leave them
    }

    /// <summary>
    /// The rows a bulk load's writer holds back to insert many to a statement (<see cref="RowInserts"/>) inserted: before the
    /// projection reads or deletes rows, and before the writer is let go.
    /// </summary>
    private void FlushRows()
    {
        if (_writer is { IsOpen: true }) _writer.Flush();
    }

    /// <summary>
    /// A bulk load (a rebuild into a fresh file): tables with only the indexes its rows reach in order (<see cref="Schema.ByRelationship"/>), no eviction,
    /// and rows written only when superseded or at the end (<see cref="EndBulk"/>).
    /// </summary>
    public void BeginBulk()
    {
        Forget();
        _bulk = true;
    }

    public void CompleteStream(string stream, ProjectionBatch batch) => Release(stream, batch);

    /// <summary>
    /// Writes what is held of the relationship of <paramref name="stream"/> only in memory and lets it go: the next event of it
    /// restores it from its stream and its rows (<see cref="RestoreAsync"/>), as a process that never held it does.
    /// </summary>
    private void Release(string stream, ProjectionBatch batch)
    {
        if (!_cache.TryGetValue(stream, out var node)) return;
        Drop(node);
        var rel = node.Value.RelationshipId;
        if (_dirty.Remove(rel, out var dirty)) WriteRows(batch, rel, dirty.Timeline, dirty.Last, everything: _bulk);
    }

    /// <summary>
    /// Lets go of the least recently used relationships past maxCachedBytes, their rows written (<see cref="Release"/>), and says
    /// which; never the last one met, which a relationship larger than the bound on its own would otherwise be restored from its
    /// stream for again and again.
    /// </summary>
    public IReadOnlyList<string> KeepWithinBound(ProjectionBatch batch)
    {
        List<string>? released = null;
        while (_cachedBytes > maxCachedBytes && _lru.First is { } oldest && oldest != _lru.Last)
        {
            var stream = oldest.Value.Key.StreamName;
            Release(stream, batch);
            (released ??= []).Add(stream);
        }
        return released ?? [];
    }

    /// <summary>Writes every row still in memory and the relationships' counters, then creates the indexes not kept during the load.</summary>
    public void EndBulk(ProjectionBatch batch)
    {
        _bulk = false;
        WriteDirty(batch, everything: true);
        _writer?.Dispose();
        _writer = null;
        Schema.Execute(batch.Connection, batch.Transaction, Schema.AfterBulkLoad);
        Evict();
    }

    public void Forget()
    {
        _cache.Clear();
        _lru.Clear();
        _dirty.Clear();
        _notWhole.Clear();
        _restored.Clear();
        _cachedBytes = 0;
        _bulk = false;
        _writer?.Dispose();
        _writer = null;
    }

    public void Dispose() => Forget();

    /// <summary>
    /// The prepared statements for this batch: those of the previous batch when it ran on the same
    /// (still open) connection — a live read model's batches do — else new ones.
    /// </summary>
    private RowWriter WriterFor(ProjectionBatch batch)
    {
        if (_writer is { IsOpen: true } && _writer.Connection == batch.Connection && _writer.Bulk == _bulk) return _writer;
        FlushRows(); // a bulk load's writer, at its end (EndBulk)
        _writer?.Dispose();
        var connection = batch.Connection as ReadModelConnection
            ?? throw new InvalidOperationException("A read model is written through a connection of its ReadModelDatabase.");
        return _writer = new RowWriter(connection, _bulk);
    }

    /// <summary>The relationship's timeline; null when its record in the log is not whole (<see cref="IsNotWhole"/>).</summary>
    private async ValueTask<RelationshipTimeline?> TimelineAsync(RelationshipKey key, LedgerEvent applied, ProjectionBatch batch, CancellationToken ct)
    {
        var e = applied.Recorded;
        if (!_bulk) _frequency.Add(e.Stream);
        if (_cache.TryGetValue(e.Stream, out var node))
        {
            if (string.Equals(applied.Envelope.PreviousHash, node.Value.HeadHash, StringComparison.Ordinal))
            {
                _lru.Remove(node);
                _lru.AddLast(node);
                return node.Value;
            }
            // Every event of the ledger chains onto the one before it in its stream, so this one does not continue the record
            // held in memory: the stream in the log changed under this process (another client removed its first events and
            // appended, say). Only the log tells what it holds now: it is read again, as by a process that never held it.
            Release(e.Stream, batch);
        }
        RelationshipTimeline timeline;
        if (FindRelationship(batch, key) is { } id)
        {
            if (await RestoreAsync(key, id, e.Position, batch, ct) is not { } restored) return null;
            timeline = restored;
            Restored++;
        }
        else if (IsNotWhole(batch, key, e)) return null;
        else if (e.Revision > 0 && await FirstLeftAsync(batch, key, ct) is { Revision: > 0 } first)
        {
            // Met before only through events passed over (IsNotWhole: no row, but rows passed over), which the log has lost
            // since: a timeline begun here would answer from what is left, as RestoreAsync checks for a relationship with rows.
            DropNotWhole(batch, key, null, first);
            return null;
        }
        else timeline = new RelationshipTimeline(key, InsertRelationship(batch, key));
        _cache[e.Stream] = _lru.AddLast(timeline);
        _cachedBytes += timeline.HeldBytes;
        if (!_bulk) _restored.Add(timeline);
        return timeline;
    }

    /// <summary>
    /// A relationship evicted from memory (or projected by an earlier run) comes back from its
    /// stream in the store, read up to the event being applied, and from its stored current rows.
    /// Null when the log no longer holds the stream from revision 0 (<see cref="DropNotWhole"/>).
    /// </summary>
    private async Task<RelationshipTimeline?> RestoreAsync(RelationshipKey key, long id, GlobalPosition before, ProjectionBatch batch, CancellationToken ct)
    {
        var facts = new List<Fact>();
        var held = 0L;
        var first = true;
        await foreach (var recorded in LoggedStream.ReadAsync(batch.Store, key.StreamName, ct))
        {
            // Its first events were removed since the rows were made (a scavenge after another client truncated or deleted the
            // stream): a timeline of the rest would fold the next event onto part of the record and answer from that, silently.
            if (first && recorded.Revision > 0)
            {
                DropNotWhole(batch, key, id, recorded);
                return null;
            }
            first = false;
            if (recorded.Position >= before) break;
            // An event that is not the ledger's was passed over (PassOver), not applied: it is no fact of the relationship.
            if (LedgerEvent.TryDecode(recorded, out _) is { } decoded)
            {
                facts.Add(decoded.ToFact());
                held += HeldSize.InReadModel(decoded);
            }
        }

        FlushRows();
        var segments = new List<(Segment, Guid)>();
        using (var cmd = batch.Connection.CreateCommand())
        {
            cmd.Transaction = batch.Transaction;
            cmd.CommandText = "SELECT id, kind, ordinal, payload, valid_from, valid_to, recorded_from FROM item_versions WHERE rel_id = $rel AND superseded_at = 9223372036854775807";
            cmd.Parameters.AddWithValue("$rel", id);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var kind = RelationshipModel.KindOf(r.GetInt32(1));
                var item = StateItems.Deserialize(kind, r.GetFieldValue<byte[]>(3));
                segments.Add((new Segment(kind, r.GetInt64(2), item, r.GetInt32(4), r.GetInt32(5))
                    { RowId = r.GetInt64(0), RecordedFrom = r.GetInt64(6) }, StateItems.EventIdOf(item)));
            }
        }
        var factRows = new List<(Guid, long, long)>();
        using (var cmd = batch.Connection.CreateCommand())
        {
            cmd.Transaction = batch.Transaction;
            cmd.CommandText = "SELECT event_id, id, recorded_from FROM facts WHERE rel_id = $rel AND superseded_at = 9223372036854775807";
            cmd.Parameters.AddWithValue("$rel", id);
            using var r = cmd.ExecuteReader();
            while (r.Read()) factRows.Add((FactEventId.Read(r, 0), r.GetInt64(1), r.GetInt64(2)));
        }
        var timeline = RelationshipTimeline.Restore(key, id, facts, segments, factRows); // its head hash: the event being applied's, next
        timeline.HeldBytes = held;
        return timeline;
    }

    /// <summary>
    /// The relationship is not whole in the log any more, <paramref name="first"/> being the first of its events left there: it is
    /// recorded as such (<see cref="IsNotWhole"/>) and its rows are deleted — those of the events passed over before
    /// <paramref name="first"/> too, gone from the log with the rest — so that the read model holds what one made now holds.
    /// <paramref name="id"/>: its row, null when it has none (met only through events passed over).
    /// </summary>
    private void DropNotWhole(ProjectionBatch batch, RelationshipKey key, long? id, RecordedEvent first)
    {
        if (!PassedOver.RemovedIn(batch, first.Stream)) PassedOver.RecordMissing(batch, key, first);
        PassedOver.ForgetBefore(batch, first);
        _notWhole.Add(first.Stream);
        if (id is null) return;
        FlushRows();
        using var cmd = batch.Connection.CreateCommand();
        cmd.Transaction = batch.Transaction;
        cmd.CommandText = "DELETE FROM item_versions WHERE rel_id = $rel; DELETE FROM facts WHERE rel_id = $rel; DELETE FROM relationships WHERE id = $rel";
        cmd.Parameters.AddWithValue("$rel", id);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The first event of the relationship's stream the global log holds (null: none).</summary>
    private static async Task<RecordedEvent?> FirstLeftAsync(ProjectionBatch batch, RelationshipKey key, CancellationToken ct)
    {
        await foreach (var recorded in LoggedStream.ReadAsync(batch.Store, key.StreamName, ct)) return recorded;
        return null;
    }

    private static long? FindRelationship(ProjectionBatch batch, RelationshipKey key)
    {
        using var cmd = batch.Connection.CreateCommand();
        cmd.Transaction = batch.Transaction;
        cmd.CommandText = "SELECT id FROM relationships WHERE key = $key";
        cmd.Parameters.AddWithValue("$key", key.ToString());
        return cmd.ExecuteScalar() is long id ? id : null;
    }

    private static long InsertRelationship(ProjectionBatch batch, RelationshipKey key)
    {
        using var cmd = batch.Connection.CreateCommand();
        cmd.Transaction = batch.Transaction;
        cmd.CommandText = "INSERT INTO relationships (key, first_party, second_party, events, last_position, last_recorded_at) VALUES ($key, $a, $b, 0, '', 0) RETURNING id";
        cmd.Parameters.AddWithValue("$key", key.ToString());
        cmd.Parameters.AddWithValue("$a", key.First.Value);
        cmd.Parameters.AddWithValue("$b", key.Second.Value);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>
    /// Keeps memory bounded (after a flush, so nothing is pending). Past the bound, a relationship restored (or begun) in this
    /// batch is kept only in place of the least recently used relationships, each met less often than it (not counting its
    /// event that restored it) — TinyLFU's admission, as <see cref="HistoryCache"/>'s; else it is let go,
    /// and nothing else. Until round 48 the least recently used always went: relationships that have events in turn and hold
    /// more than the bound between them were each let go just before their next event, and every event restored its
    /// relationship from its stream and rows. Relationships held that grow past the bound still go by least recent use.
    /// </summary>
    private void Evict()
    {
        if (_bulk) return;
        foreach (var newcomer in _restored)
        {
            if (_cachedBytes <= maxCachedBytes) break;
            if (_cache.TryGetValue(newcomer.Key.StreamName, out var node) && node.Value == newcomer) Admit(node);
        }
        _restored.Clear();
        while (_cachedBytes > maxCachedBytes && _lru.First is { } oldest) Drop(oldest);
    }

    /// <summary>
    /// Keeps <paramref name="newcomer"/> in place of the least recently used relationships when each is met less often than it
    /// and they free enough; else lets it go. The walk stops at the first one met as often: a bounded cost for each, whatever
    /// the number held.
    /// </summary>
    private void Admit(LinkedListNode<RelationshipTimeline> newcomer)
    {
        var frequency = _frequency.Of(newcomer.Value.Key.StreamName) - 1;
        var excess = _cachedBytes - maxCachedBytes;
        var victims = new List<LinkedListNode<RelationshipTimeline>>();
        for (var held = _lru.First; held is not null && held != newcomer && excess > 0; held = held.Next)
        {
            if (_frequency.Of(held.Value.Key.StreamName) >= frequency) break;
            victims.Add(held);
            excess -= held.Value.HeldBytes;
        }
        if (excess > 0)
        {
            Drop(newcomer);
            return;
        }
        foreach (var victim in victims) Drop(victim);
    }

    private void Drop(LinkedListNode<RelationshipTimeline> node)
    {
        _lru.Remove(node);
        _cache.Remove(node.Value.Key.StreamName);
        _cachedBytes -= node.Value.HeldBytes;
    }
}
