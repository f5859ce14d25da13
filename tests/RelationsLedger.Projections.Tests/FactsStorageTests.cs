using Microsoft.Data.Sqlite;
using RelationsLedger.Projections.Queries;
using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// How the read model stores facts (issue #16, goal 5): once, in a table ordered for the changed-between
/// question, with the lookups the projection and the queries make still served by a key or an index.
/// </summary>
public sealed class FactsStorageTests
{
    private static async Task<TestLedger> ProjectedLedgerAsync()
    {
        var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        await ledger.RecordFoundingExampleAsync();
        await ledger.Runner.CatchUpAsync();
        return ledger;
    }

    private static List<string> Plan(SqliteConnection c, string sql, params string[] parameters)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p, 0);
        using var r = cmd.ExecuteReader();
        var steps = new List<string>();
        while (r.Read()) steps.Add(r.GetString(3));
        return steps;
    }

    private static List<string> Strings(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var values = new List<string>();
        while (r.Read()) values.Add(r.IsDBNull(0) ? "" : r.GetString(0));
        return values;
    }

    [Fact]
    public async Task The_changed_between_question_reads_one_key_range_of_facts_in_day_order()
    {
        await using var ledger = await ProjectedLedgerAsync();
        using var c = new ReadModelDatabase(ledger.ReadModelPath).Open();

        var plan = Plan(c, ReadModelQueries.ChangedBetweenSql, "$from", "$to", "$known");

        // One step: a range of the table's own key on the first day; no scan, no sort, no lookup into a second B-tree.
        Assert.Equal("SEARCH f USING PRIMARY KEY (start_day>? AND start_day<?)", Assert.Single(plan));
    }

    [Fact]
    public async Task A_relationships_current_facts_are_read_from_an_index_alone()
    {
        await using var ledger = await ProjectedLedgerAsync();
        using var c = new ReadModelDatabase(ledger.ReadModelPath).Open();

        // What a restore of an evicted relationship reads: the index carries the table's key, so no row is visited.
        Assert.Equal("SEARCH facts USING COVERING INDEX ix_facts_rel (rel_id=? AND superseded_at=?)",
            Assert.Single(Plan(c, RelationshipsProjection.CurrentFactsSql, "$rel")));
    }

    [Fact]
    public async Task Facts_are_stored_once_no_index_copies_their_text()
    {
        await using var ledger = await ProjectedLedgerAsync();
        using var c = new ReadModelDatabase(ledger.ReadModelPath).Open();

        // The table is its own ordered index (no rowid), and no secondary index repeats the wide columns:
        // a covering index over every column had doubled the facts' bytes.
        Assert.Contains(Strings(c, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'facts'"), sql => sql.EndsWith("WITHOUT ROWID"));
        var secondary = Strings(c, "SELECT name FROM pragma_index_list('facts') WHERE origin = 'c'");
        Assert.Equal("ix_facts_rel", Assert.Single(secondary));
        var indexed = secondary.SelectMany(index => Strings(c, $"SELECT name FROM pragma_index_info('{index}')"));
        Assert.DoesNotContain(indexed, column => column is "event_id" or "type" or "effective");
    }
}
