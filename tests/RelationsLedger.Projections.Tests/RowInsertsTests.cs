using Microsoft.Data.Sqlite;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A bulk load's writer inserts its rows many to a statement (<see cref="RowInserts"/>): the file it leaves must be the one the
/// writer inserting a row at a time leaves — every row, with its id, in the order given — whatever the rows' number against a
/// statement's, and whatever values repeat, change or go NULL from one row to the next.
/// </summary>
[Collection(nameof(SqlitePools))]
public sealed class RowInsertsTests
{
    private static readonly ItemKind DesignationKind = RelationshipModel.Kinds.Single(k => k.ItemType == typeof(Designation));
    private static readonly ItemKind EngagementKind = RelationshipModel.Kinds.Single(k => k.ItemType == typeof(Engagement));

    private static ReadModelConnection Fresh(string path)
    {
        var c = ReadModelDatabase.OpenPlain(path);
        using var tx = c.BeginTransaction();
        Schema.Execute(c, tx, Schema.Create + Schema.Indexes);
        tx.Commit();
        return c;
    }

    private static Guid Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>Rows of both tables as a rebuild gives them: runs of one relationship, parties, kinds and texts that repeat or change, NULLs.</summary>
    private static void Write(RowWriter writer, int rows, Random random)
    {
        for (var i = 0; i < rows; i++)
        {
            var rel = 1 + i / 7;
            var date = PartialDate.Parse($"{2000 + i % 20}-0{1 + i % 9}");
            var (kind, item) = i % 2 == 0
                ? (DesignationKind, (object)new Designation(i % 3 == 0 ? "RU" : "US", "taliban", $"List {i % 4} — 恐怖组织 \U0001F4DC",
                    i % 5 == 0 ? "" : $"Court {i}", i % 4 == 0 ? null : "a reference", date, Id(random)))
                : (EngagementKind, new Engagement("talks", i % 6 == 1 ? null : "Moscow", $"meeting {i}", date, Id(random)));
            var segment = new Segment(kind, i % 3, item, date.Start.DayNumber, i % 4 == 0 ? RelationshipTimeline.Forever : date.End.DayNumber + 1)
                { RecordedFrom = 100 + i };
            writer.InsertItem(rel, segment, recordedAt: 100 + i, supersededAt: i % 5 == 0 ? 200 + i : Schema.NotSuperseded);
            IRelationshipEvent e = i % 3 == 0
                ? new EngagementHeld("RU", "taliban", "talks", "Moscow", $"talks {i}")
                : new StatementMade("RU", "US", "a minister", Stance.Partner, $"statement {i}");
            var form = new Fact(Id(random), date, new DateTimeOffset(2021, 9, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(i), i % 4, e);
            writer.InsertFact(rel, form, recordedFrom: 100 + i, supersededAt: i % 7 == 0 ? 300 + i : Schema.NotSuperseded);
        }
    }

    /// <summary>Every row of both tables in row-id order, with its id, every column (blobs as hex).</summary>
    private static string[] Rows(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT 'i', id, rel_id, kind, ordinal, quote(actor), quote(counterpart), quote(level), valid_from, valid_to, recorded_from, superseded_at, hex(payload), typeof(actor), '', '' FROM item_versions
            UNION ALL
            SELECT 'f', id, rel_id, hex(event_id), revision, type, start_day, end_day, recorded_at, recorded_from, superseded_at, typeof(event_id), '', '', '', '' FROM facts
            ORDER BY 1, 2
            """;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read()) rows.Add(string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return [.. rows];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(RowInserts.RowsAStatement - 1)]
    [InlineData(RowInserts.RowsAStatement)]
    [InlineData(3 * RowInserts.RowsAStatement + 5)]
    public void A_bulk_writers_rows_are_those_a_row_at_a_time_writes_with_their_ids(int rows)
    {
        using var folder = new TempFolder();
        var seed = Random.Shared.Next();
        string[] Written(string name, bool bulk)
        {
            using var c = Fresh(folder.File(name));
            using (var tx = c.BeginTransaction())
            {
                using (var writer = new RowWriter(c, bulk))
                {
                    Write(writer, rows, new Random(seed));
                    writer.Flush();
                }
                tx.Commit();
            }
            return Rows(c);
        }
        var oneAtATime = Written("one.db", bulk: false);
        Assert.Equal(2 * rows, oneAtATime.Length);
        Assert.Equal(oneAtATime, Written("bulk.db", bulk: true));
    }

    [Fact]
    public void A_row_left_part_given_is_dropped_at_the_next_start_and_the_rows_go_in_whole_in_order()
    {
        using var folder = new TempFolder();
        using var c = Fresh(folder.File("rm.db"));
        using var tx = c.BeginTransaction();
        using var inserts = new RowInserts(sql => new SqliteStatement(c, sql), "fact_types", ["code", "name"], bulk: true);
        void Row(long code)
        {
            inserts.Start();
            inserts.Add(code);
            inserts.Add($"type {code}");
            Assert.Equal(-1, inserts.End());
        }
        for (var code = 1; code < RowInserts.RowsAStatement; code++) Row(code);
        inserts.Start();
        inserts.Add(99L); // its making threw here: never ended
        Row(RowInserts.RowsAStatement); // fills a statement
        Row(RowInserts.RowsAStatement + 1);
        Assert.Equal(RowInserts.RowsAStatement, Count(c));
        inserts.Flush();
        Assert.Equal(RowInserts.RowsAStatement + 1, Count(c));

        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT group_concat(code || ':' || name, ',') FROM (SELECT * FROM fact_types ORDER BY rowid)";
        Assert.Equal(string.Join(',', Enumerable.Range(1, RowInserts.RowsAStatement + 1).Select(n => $"{n}:type {n}")), cmd.ExecuteScalar());
    }

    private static long Count(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM fact_types";
        return (long)cmd.ExecuteScalar()!;
    }
}
