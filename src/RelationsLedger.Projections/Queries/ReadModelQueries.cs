using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Projections.Queries;

/// <summary>
/// The SQL behind every question: index range lookups on the item versions and the facts. "As
/// known at T" keeps the rows recorded at or before T and not superseded by then; without T,
/// only the rows never superseded.
/// </summary>
internal static class ReadModelQueries
{
    private const string Visible = "i.valid_from <= $day AND i.valid_to > $day AND i.recorded_from <= $known AND i.superseded_at > $known";

    /// <summary>Ticks compared with recorded_from / superseded_at; "now" sees exactly the never-superseded rows.</summary>
    public static long KnownTicks(DateTimeOffset? knownAt) => knownAt?.UtcTicks ?? long.MaxValue - 1;

    public static RelationshipState StateAsOf(SqliteConnection c, RelationshipKey key, DateOnly asOf, DateTimeOffset? knownAt)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT i.kind, i.ordinal, i.payload FROM relationships r JOIN item_versions i ON i.rel_id = r.id
            WHERE r.key = $key AND {Visible}
            """;
        cmd.Parameters.AddWithValue("$key", key.ToString());
        cmd.Parameters.AddWithValue("$day", asOf.DayNumber);
        cmd.Parameters.AddWithValue("$known", KnownTicks(knownAt));
        var items = new List<StateItem>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var kind = (ItemKind)r.GetInt32(0);
            items.Add(new(kind, r.GetInt32(1), StateItems.Deserialize(kind, r.GetString(2))));
        }
        return StateItems.Assemble(key, items);
    }

    /// <summary>Items of one kind visible as of the day whose actor (or counterpart) is the party, by relationship then list order.</summary>
    public static IEnumerable<(RelationshipKey Key, T Item)> ItemsOfParty<T>(
        SqliteConnection c, ItemKind kind, string column, string party, DateOnly asOf, DateTimeOffset? knownAt, MissionLevel? atLeast = null)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT r.first_party, r.second_party, i.payload FROM item_versions i JOIN relationships r ON r.id = i.rel_id
            WHERE i.kind = $kind AND i.{column} = $party AND {Visible} {(atLeast is null ? "" : "AND i.level <= $level")}
            ORDER BY r.key, i.ordinal
            """;
        cmd.Parameters.AddWithValue("$kind", (int)kind);
        cmd.Parameters.AddWithValue("$party", party);
        cmd.Parameters.AddWithValue("$day", asOf.DayNumber);
        cmd.Parameters.AddWithValue("$known", KnownTicks(knownAt));
        if (atLeast is { } level) cmd.Parameters.AddWithValue("$level", (int)level);
        var rows = new List<(RelationshipKey, T)>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) rows.Add((RelationshipKey.Of(r.GetString(0), r.GetString(1)), (T)StateItems.Deserialize(kind, r.GetString(2))));
        return rows;
    }

    public static IReadOnlyList<RelationshipChanges> ChangedBetween(SqliteConnection c, DateOnly from, DateOnly to, DateTimeOffset? knownAt)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT r.key, f.event_id, f.type, f.effective, f.start_day, f.end_day, f.recorded_at FROM facts f JOIN relationships r ON r.id = f.rel_id
            WHERE f.start_day <= $to AND f.end_day >= $from AND f.recorded_from <= $known AND f.superseded_at > $known
            ORDER BY r.key, f.start_day, f.end_day, f.revision
            """;
        cmd.Parameters.AddWithValue("$from", from.DayNumber);
        cmd.Parameters.AddWithValue("$to", to.DayNumber);
        cmd.Parameters.AddWithValue("$known", KnownTicks(knownAt));
        var result = new List<RelationshipChanges>();
        using var r = cmd.ExecuteReader();
        List<ChangeView>? current = null;
        while (r.Read())
        {
            var key = r.GetString(0);
            if (result.Count == 0 || result[^1].Relationship != key)
            {
                current = [];
                result.Add(new(key, current));
            }
            var certain = r.GetInt32(4) >= from.DayNumber && r.GetInt32(5) <= to.DayNumber;
            current!.Add(new(Guid.Parse(r.GetString(1)), r.GetString(2), PartialDate.Parse(r.GetString(3)),
                certain ? Certainty.Certain : Certainty.Possible, new DateTimeOffset(r.GetInt64(6), TimeSpan.Zero)));
        }
        return result;
    }
}
