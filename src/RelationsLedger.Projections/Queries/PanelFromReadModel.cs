using System.Runtime.CompilerServices;
using MediatR;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Projections.Queries;

/// <summary>
/// A dyad-period panel from the item versions: relationship by relationship (in key order), the versions of the
/// chosen kinds that hold on some day of the panel's range as known at T, cut into rows by <see cref="PanelRows"/>.
/// Memory is one relationship's versions; the rows stream as they are made.
/// </summary>
public sealed class GetPanelFromReadModel(ReadModel readModel) : IRequestHandler<GetPanel, PanelAnswer>
{
    public async Task<PanelAnswer> Handle(GetPanel query, CancellationToken cancellationToken)
    {
        var plan = PanelPlan.Of(query);
        // One snapshot for the count, the freshness and every row: the rows are of the position the answer names.
        var snapshot = await readModel.SnapshotAsync(cancellationToken);
        try
        {
            var relationships = Relationships(snapshot.Connection, plan.Party);
            var freshness = ReadModel.NamingPassedOver(snapshot.Freshness, snapshot.Connection, plan.Party);
            return new PanelAnswer(plan, relationships.Count * plan.Dates.Count, freshness, RowsAsync(plan, snapshot, relationships, cancellationToken))
            {
                Source = snapshot,
            };
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }
    }

    private static async IAsyncEnumerable<PanelRow> RowsAsync(PanelPlan plan, ReadModelSnapshot snapshot, List<(long Id, RelationshipKey Key)> relationships,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var _ = snapshot;
        await Task.Yield();
        var connection = snapshot.Connection;
        using var versions = connection.CreateCommand();
        var latest = plan.Kinds.Where(k => k.Shape == KindShape.Latest).Select(k => k.Code).ToList();
        var slots = plan.Kinds.Where(k => k.Shape != KindShape.Latest).Select(k => k.Code).ToList();
        // A slot version counts when it holds on some day of the range; a latest item when its first day can bear on a
        // period's count or certainty (a partial date spans at most 366 days).
        versions.CommandText = $"""
            SELECT i.kind, i.ordinal, i.valid_from, i.valid_to, i.actor,
                   CASE WHEN i.kind IN ({string.Join(", ", latest.DefaultIfEmpty(-1))}) THEN NULL ELSE i.payload END
            FROM item_versions i
            WHERE i.rel_id = $rel AND i.recorded_from <= $known AND i.superseded_at > $known AND i.valid_from <= $last AND (
              (i.kind IN ({string.Join(", ", slots.DefaultIfEmpty(-1))}) AND i.valid_to > $first)
              OR (i.kind IN ({string.Join(", ", latest.DefaultIfEmpty(-1))}) AND i.valid_from > $first - 367))
            """;
        var rel = versions.Parameters.Add(new SqliteParameter("$rel", 0L));
        versions.Parameters.AddWithValue("$known", ReadModelQueries.KnownTicks(plan.KnownAt));
        versions.Parameters.AddWithValue("$first", plan.FirstDay.DayNumber);
        versions.Parameters.AddWithValue("$last", plan.LastDay.DayNumber);
        versions.Prepare();

        var payloads = new Payloads();
        foreach (var (id, key) in relationships)
        {
            ct.ThrowIfCancellationRequested();
            rel.Value = id;
            var items = new List<PanelItem>();
            payloads.Clear();
            using (var r = versions.ExecuteReader())
            {
                while (r.Read())
                {
                    var kind = Domain.Aspects.RelationshipModel.KindOf(r.GetInt32(0));
                    var (ordinal, from, to, actor) = (r.GetInt64(1), r.GetInt32(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4));
                    // A moment's days are in its row: its first day is valid_from and its last the ordinal's high half
                    // (RelationshipTimeline.LatestOrdinal), so most rows of a panel are never decoded.
                    items.Add(kind.Shape == KindShape.Latest
                        ? new PanelItem(kind, ordinal, from, to, actor, null, from, (int)(ordinal >> 32))
                        : new PanelItem(kind, ordinal, from, to, actor, payloads.Item(kind, r, 5)));
                }
            }
            foreach (var row in PanelRows.Of(key, plan, items)) yield return row;
        }
    }

    /// <summary>
    /// The items of one relationship's rows, decoded once each: a relationship holds many versions of one item with the
    /// same payload (an item keeps its payload while its place in its list or its validity changes), so a payload is read as
    /// UTF-8 into a shared buffer and decoded only when it has not been seen in this relationship. Cleared per
    /// relationship, so it holds at most one relationship's items.
    /// </summary>
    private sealed class Payloads
    {
        private readonly Dictionary<int, List<(int Kind, byte[] Payload, object Item)>> _seen = [];
        private byte[] _buffer = new byte[4096];

        public void Clear() => _seen.Clear();

        public object Item(ItemKind kind, SqliteDataReader r, int column)
        {
            var length = (int)r.GetBytes(column, 0, null, 0, 0);
            if (length > _buffer.Length) _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
            r.GetBytes(column, 0, _buffer, 0, length);
            var payload = _buffer.AsSpan(0, length);
            var hash = new HashCode();
            hash.AddBytes(payload);
            var key = hash.ToHashCode() ^ kind.Code;
            if (!_seen.TryGetValue(key, out var bucket)) _seen[key] = bucket = [];
            foreach (var (code, seen, item) in bucket)
                if (code == kind.Code && payload.SequenceEqual(seen)) return item;
            var decoded = ItemCodec.Read(kind, payload);
            bucket.Add((kind.Code, payload.ToArray(), decoded));
            return decoded;
        }
    }

    private static List<(long Id, RelationshipKey Key)> Relationships(SqliteConnection c, string? party)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT id, first_party, second_party FROM relationships {(party is null ? "" : "WHERE first_party = $party OR second_party = $party")} ORDER BY key";
        if (party is not null) cmd.Parameters.AddWithValue("$party", party);
        var list = new List<(long, RelationshipKey)>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add((r.GetInt64(0), RelationshipKey.Of(r.GetString(1), r.GetString(2))));
        return list;
    }
}
