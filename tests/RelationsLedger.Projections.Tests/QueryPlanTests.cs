using RelationsLedger.Domain.Aspects;
using RelationsLedger.Projections.Queries;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// Which index SQLite reads for the state of a relationship: a question without "as known at" reads only the rows never
/// superseded, from their partial index, by the day they stop holding; a question as known at a moment reads every version.
/// (Which rows either returns is the property of <see cref="ReadModelEqualsFoldProperty"/>.) The planner picks the partial
/// index only while the query states its condition as the same literal, so a change of the query text shows here.
/// </summary>
public sealed class QueryPlanTests
{
    /// <remarks>
    /// Also on a rebuilt read model, whose indexes a bulk load makes in another order (some during the load, some at its end):
    /// where the planner rates two indexes alike it takes the one made last, and a rebuild makes <c>ix_item_versions_rel</c> last.
    /// </remarks>
    [Theory]
    [InlineData(true, false, "ix_item_versions_current")]
    [InlineData(false, false, "ix_item_versions_rel")]
    [InlineData(true, true, "ix_item_versions_current")]
    [InlineData(false, true, "ix_item_versions_rel")]
    public async Task The_state_of_a_relationship_is_read_through_the_index_its_question_needs(bool now, bool rebuilt, string index)
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        await ledger.Runner.CatchUpAsync();
        if (rebuilt) await ledger.Runner.RebuildAsync();

        using var c = new ReadModelDatabase(ledger.ReadModelPath).Open();
        using var explain = c.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + (now ? ReadModelQueries.StateNowSql : ReadModelQueries.StateKnownSql);
        explain.Parameters.AddWithValue("$rel", 1L);
        explain.Parameters.AddWithValue("$day", new DateOnly(2024, 1, 1).DayNumber);
        if (!now) explain.Parameters.AddWithValue("$known", DateTimeOffset.UtcNow.UtcTicks);
        var plan = new List<string>();
        using (var r = explain.ExecuteReader())
            while (r.Read()) plan.Add(r.GetString(3));

        // The first SELECT is the slot kinds' (the latest kinds keep their own index, ix_item_versions_latest).
        Assert.Contains($"USING INDEX {index} ", plan.First(p => p.StartsWith("SEARCH i ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    /// <summary>
    /// The questions across relationships (designations by a party and of a party, a party's missions) find the party's rows
    /// by index, not by reading every version: the party indexes hold only the kinds these questions ask about, and SQLite
    /// uses such a partial index only while the query repeats its condition.
    /// </summary>
    [Theory]
    [InlineData("designations", "actor")]
    [InlineData("designations", "counterpart")]
    [InlineData("missions", "actor")]
    public async Task A_question_across_relationships_finds_the_party_s_rows_through_its_index(string kind, string column)
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        await ledger.Runner.CatchUpAsync();

        using var c = new ReadModelDatabase(ledger.ReadModelPath).Open();
        using var explain = c.CreateCommand();
        var itemKind = RelationshipModel.KindNamed(kind);
        explain.CommandText = "EXPLAIN QUERY PLAN " + ReadModelQueries.ItemsOfPartySql(itemKind, column);
        explain.Parameters.AddWithValue("$kind", itemKind.Code);
        explain.Parameters.AddWithValue("$party", "US");
        explain.Parameters.AddWithValue("$day", new DateOnly(2024, 1, 1).DayNumber);
        explain.Parameters.AddWithValue("$known", DateTimeOffset.UtcNow.UtcTicks);
        var plan = new List<string>();
        using (var r = explain.ExecuteReader())
            while (r.Read()) plan.Add(r.GetString(3));

        Assert.Contains($"SEARCH i USING INDEX ix_item_versions_{column} (kind=? AND {column}=? AND valid_from<?)", plan);
    }

    [Fact]
    public void A_kind_the_party_index_does_not_hold_is_refused_not_read_row_by_row()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ReadModelQueries.ItemsOfPartySql(MissionsAspect.Kind, "counterpart"));
        Assert.Contains("The counterpart index holds the rows of designations only", error.Message, StringComparison.Ordinal);
    }
}
