using Microsoft.Data.Sqlite;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Testing;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The read model's row writer runs native prepared statements on the connection's handle, outside
/// what Microsoft.Data.Sqlite tracks: these hold what the library would otherwise have guaranteed —
/// nothing outlives the connection, errors come out as <see cref="SqliteException"/>, rows are exact.
/// They watch a pooled handle go back to the pool, so they run apart from the other tests of the assembly, whose
/// folders clear every pool as they are removed (<c>SqliteConnection.ClearAllPools</c>: a handle closed meanwhile
/// is disposed instead of pooled, and the watch found it disposed once in a CI run).
/// </summary>
[Collection(nameof(SqlitePools))]
public sealed class RowWriterTests
{
    private static readonly Fact Engagement = new(Guid.Parse("0b8e2c52-7a51-4c1f-9d7e-4f6a2b0c9d11"), PartialDate.Parse("2021-08"),
        new DateTimeOffset(2021, 9, 1, 12, 0, 0, TimeSpan.Zero), 3, new EngagementHeld("RU", "taliban", "talks", "Moscow", "Moscow format talks"));

    /// <summary>A new read-model file with its tables, on a connection of its own (not pooled).</summary>
    private static ReadModelConnection Fresh(string path) => WithTables(ReadModelDatabase.OpenPlain(path));

    private static ReadModelConnection WithTables(ReadModelConnection c)
    {
        using var tx = c.BeginTransaction();
        Schema.Execute(c, tx, Schema.Create + Schema.Indexes);
        tx.Commit();
        return c;
    }

    private static long FactRows(SqliteConnection c)
    {
        using var count = c.CreateCommand();
        count.CommandText = "SELECT count(*) FROM facts";
        return (long)count.ExecuteScalar()!;
    }

    [Fact]
    public void A_fact_row_is_written_with_every_column_as_given()
    {
        using var folder = new TempFolder();
        using var c = Fresh(folder.File("rm.db"));
        using var writer = new RowWriter(c);

        var id = writer.InsertFact(7, Engagement, recordedFrom: 1234);

        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT f.id, rel_id, event_id, revision, t.name, start_day, end_day, recorded_at, recorded_from, superseded_at, typeof(event_id), hex(event_id), typeof(f.type) FROM facts f JOIN fact_types t ON t.code = f.type";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(id, r.GetInt64(0));
        Assert.Equal(7, r.GetInt64(1));
        Assert.Equal(Engagement.EventId, FactEventId.Read(r, 2));
        Assert.Equal(3, r.GetInt64(3));
        Assert.Equal("EngagementHeld", r.GetString(4));
        Assert.Equal(new DateOnly(2021, 8, 1).DayNumber, r.GetInt64(5));
        Assert.Equal(new DateOnly(2021, 8, 31).DayNumber, r.GetInt64(6));
        Assert.Equal(Engagement.RecordedAt.UtcTicks, r.GetInt64(7));
        Assert.Equal(1234, r.GetInt64(8));
        Assert.Equal(Schema.NotSuperseded, r.GetInt64(9));
        // 16 bytes, most significant first: hex() in the sqlite3 shell shows the UUID's digits in their order.
        Assert.Equal("blob", r.GetString(10));
        Assert.Equal("0B8E2C527A514C1F9D7E4F6A2B0C9D11", r.GetString(11));
        Assert.Equal("integer", r.GetString(12)); // the type's code; its name is in fact_types
        Assert.False(r.Read());
    }

    private static readonly Fact Mission = Engagement with { Event = new MissionOpened("RU", "US", MissionLevel.Embassy, "Washington", null) };

    private static List<(long Code, string Name)> TypeTable(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT code, name FROM fact_types ORDER BY code";
        using var r = cmd.ExecuteReader();
        var rows = new List<(long, string)>();
        while (r.Read()) rows.Add((r.GetInt64(0), r.GetString(1)));
        return rows;
    }

    private static List<long> TypeColumn(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT type FROM facts ORDER BY id";
        using var r = cmd.ExecuteReader();
        var codes = new List<long>();
        while (r.Read()) codes.Add(r.GetInt64(0));
        return codes;
    }

    [Fact]
    public void A_facts_type_gets_a_code_the_first_time_it_is_written_and_keeps_it_for_every_writer_of_the_file()
    {
        // Not the catalogue's order (MissionOpened comes before EngagementHeld there): the order the file meets them in.
        using var folder = new TempFolder();
        var path = folder.File("rm.db");
        using (var c = Fresh(path))
        using (var writer = new RowWriter(c))
        {
            writer.InsertFact(1, Engagement, 10);
            writer.InsertFact(1, Mission, 11);
            writer.InsertFact(2, Engagement, 12);
        }
        // Another writer (another process, or the next run) takes the codes the file holds and adds only a type it lacks.
        using (var c = ReadModelDatabase.OpenPlain(path))
        using (var writer = new RowWriter(c))
        {
            writer.InsertFact(3, Mission, 13);
            writer.InsertFact(3, Engagement with { Event = new StatementMade("RU", "US", "a minister", Stance.Partner, "a statement") }, 14);
        }
        using var read = ReadModelDatabase.OpenPlain(path);
        Assert.Equal([(1L, "EngagementHeld"), (2L, "MissionOpened"), (3L, "StatementMade")], TypeTable(read));
        Assert.Equal([1L, 2L, 1L, 2L, 3L], TypeColumn(read));
    }

    [Theory]
    [InlineData("9", "the code 9")]
    [InlineData("'EngagementHeld'", "text of 14 characters")] // the layout before schema version 6
    public void A_facts_type_the_names_table_does_not_name_is_refused_naming_the_rebuild(string stored, string described)
    {
        using var folder = new TempFolder();
        using var c = Fresh(folder.File("rm.db"));
        using (var writer = new RowWriter(c)) writer.InsertFact(7, Engagement, recordedFrom: 1234);
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"UPDATE facts SET type = {stored}; SELECT type FROM facts";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());

        var e = Assert.Throws<InvalidDataException>(() => FactTypes.NameOf(FactTypes.Names(c), r, 0));
        Assert.Equal($"A fact's type in the read model is {described}, which the table fact_types does not name: the file was changed outside the ledger. " +
            "Make it again with 'ledger projections rebuild'.", e.Message);
    }

    [Theory]
    [InlineData("'0b8e2c52-7a51-4c1f-9d7e-4f6a2b0c9d11'", "text of 36 characters")] // the layout before schema version 5
    [InlineData("x'0B8E2C527A514C1F9D7E4F6A2B0C'", "14 bytes")]
    [InlineData("7", "an integer")]
    public void A_fact_event_id_that_is_not_16_bytes_is_refused_naming_the_rebuild(string stored, string described)
    {
        using var folder = new TempFolder();
        using var c = Fresh(folder.File("rm.db"));
        using (var writer = new RowWriter(c)) writer.InsertFact(7, Engagement, recordedFrom: 1234);
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"UPDATE facts SET event_id = {stored}; SELECT event_id FROM facts";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());

        var e = Assert.Throws<InvalidDataException>(() => FactEventId.Read(r, 0));
        Assert.Equal($"A fact's event_id in the read model is not the 16 bytes of a UUID but {described}: the file was changed outside the ledger. " +
            "Make it again with 'ledger projections rebuild'.", e.Message);
    }

    [Fact]
    public void An_item_row_holds_the_items_binary_form_exactly_whatever_its_script()
    {
        // The payload goes in as a BLOB of the item's binary form and the other text as UTF-16: accents, CJK, a character beyond
        // the basic plane (a surrogate pair) and an empty reference must all come back as the item itself.
        using var folder = new TempFolder();
        using var c = Fresh(folder.File("rm.db"));
        using var writer = new RowWriter(c);
        var kind = RelationshipModel.Kinds.Single(k => k.ItemType == typeof(Designation));
        var item = new Designation("RU", "taliban", "Liste fédérale des organisations terroristes — 恐怖组织 \U0001F4DC", "Cour suprême", "",
            PartialDate.Parse("2003-02-14"), Guid.Parse("5d0e8a8e-1111-4c1f-9d7e-4f6a2b0c9d11"));
        var segment = new Segment(kind, 4, item, PartialDate.Parse("2003-02-14").Start.DayNumber, RelationshipTimeline.Forever) { RecordedFrom = 99 };

        var id = writer.InsertItem(3, segment, recordedAt: 99);

        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, rel_id, kind, ordinal, actor, counterpart, level, valid_from, valid_to, recorded_from, superseded_at, payload FROM item_versions";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal((id, 3L, (long)kind.Code, 4L), (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)));
        var (actor, counterpart, level) = kind.IndexOf(item);
        Assert.Equal((actor, counterpart), (r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
        Assert.Equal(level is null, r.IsDBNull(6));
        Assert.Equal((segment.From, (long)RelationshipTimeline.Forever, 99L, Schema.NotSuperseded), (r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10)));
        Assert.Equal("BLOB", r.GetDataTypeName(11));
        var payload = r.GetFieldValue<byte[]>(11);
        var expected = new System.Buffers.ArrayBufferWriter<byte>();
        ItemCodec.Write(kind, item, expected);
        Assert.Equal(expected.WrittenSpan.ToArray(), payload);
        Assert.Equal(item, StateItems.Deserialize(kind, payload));
    }

    [Fact]
    public void Each_insert_returns_its_own_row_id_and_a_bulk_writer_returns_none_and_writes_its_rows_when_flushed()
    {
        using var folder = new TempFolder();
        using var c = Fresh(folder.File("rm.db"));
        using (var writer = new RowWriter(c))
        {
            var first = writer.InsertFact(1, Engagement, 10);
            var second = writer.InsertFact(1, Engagement, 11);
            Assert.True(first > 0);
            Assert.Equal(first + 1, second);
            writer.SupersedeFact(first, recordedFrom: 10, at: 11);
            writer.SupersedeFact(second, recordedFrom: 11, at: 11); // never visible: deleted
        }
        using (var bulk = new RowWriter(c, bulk: true))
        {
            Assert.Equal(-1, bulk.InsertFact(2, Engagement, 12));
            Assert.Equal(1, FactRows(c)); // held back to go in many to a statement (RowInserts), until flushed
            bulk.Flush();
        }

        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT rel_id, recorded_from, superseded_at FROM facts ORDER BY id";
        using var r = cmd.ExecuteReader();
        var rows = new List<(long, long, long)>();
        while (r.Read()) rows.Add((r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)));
        Assert.Equal([(1L, 10L, 11L), (2L, 12L, Schema.NotSuperseded)], rows);
    }

    [Fact]
    public void Closing_the_connection_finalizes_the_statements_and_leaves_no_handle_on_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("rm.db");
        var c = Fresh(path);
        var writer = new RowWriter(c);
        writer.InsertFact(1, Engagement, 10);

        c.Close();

        // An unfinalized statement would keep the closed connection alive as a zombie, the file still open.
        Assert.False(writer.IsOpen);
        Assert.Empty(OpenHandlesOn(path));
        Assert.Throws<ObjectDisposedException>(() => writer.InsertFact(1, Engagement, 11));
        c.Dispose();
        writer.Dispose(); // a second dispose is harmless
    }

    [Fact]
    public void A_pooled_connection_goes_back_to_the_pool_with_none_of_the_writers_statements()
    {
        // Microsoft.Data.Sqlite tells its StateChange handlers of the close only after the handle is back in the
        // pool, where another thread may take it: the writer's statements must be gone by then. This handler,
        // subscribed before the writer exists, runs at that moment and looks at the handle.
        using var folder = new TempFolder();
        var database = new ReadModelDatabase(folder.File("pooled.db"));
        var c = WithTables((ReadModelConnection)database.Open());
        var handle = c.Handle!;
        var statementsWhenReleased = -1;
        c.StateChange += (_, e) =>
        {
            if (e.CurrentState != System.Data.ConnectionState.Closed) return;
            statementsWhenReleased = 0;
            for (var s = SQLitePCL.raw.sqlite3_next_stmt(handle, null); s is not null; s = SQLitePCL.raw.sqlite3_next_stmt(handle, s)) statementsWhenReleased++;
        };
        var writer = new RowWriter(c);
        writer.InsertFact(1, Engagement, 10);

        c.Dispose();

        Assert.False(handle.IsClosed); // pooled: the handle lives on for the next user
        Assert.Equal(0, statementsWhenReleased);
        Assert.False(writer.IsOpen);
        using var next = database.Open(); // the pool's next user writes and reads as usual
        Assert.Equal(1L, FactRows(next));
    }

    [Fact]
    public void A_write_that_sqlite_refuses_raises_its_error_and_changes_nothing()
    {
        using var folder = new TempFolder();
        var path = folder.File("rm.db");
        using (var c = Fresh(path)) { }
        using var readOnly = new ReadModelConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        readOnly.Open();
        using var writer = new RowWriter(readOnly);

        for (var attempt = 0; attempt < 2; attempt++) // the statement is reset after the failure and fails the same way again
        {
            var e = Assert.Throws<SqliteException>(() => writer.InsertFact(1, Engagement, 10));
            Assert.Equal(8, e.SqliteErrorCode); // SQLITE_READONLY
            Assert.Contains("readonly", e.Message, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(0L, FactRows(readOnly));
    }

    [Fact]
    public void A_file_without_the_tables_is_refused_when_the_writer_is_made_and_keeps_no_statement()
    {
        using var folder = new TempFolder();
        var path = folder.File("partial.db");
        var c = Fresh(path);
        using (var drop = c.CreateCommand())
        {
            drop.CommandText = "DROP VIEW current_items; DROP TABLE facts;"; // item_versions' statements prepare, facts' do not
            drop.ExecuteNonQuery();
        }

        var e = Assert.Throws<SqliteException>(() => new RowWriter(c));

        Assert.Contains("no such table: facts", e.Message, StringComparison.Ordinal);
        c.Dispose();
        Assert.Empty(OpenHandlesOn(path)); // the statements prepared before the failure were finalized
    }

    [Fact]
    public void Text_is_stored_as_given_and_empty_text_as_empty_text_not_as_null()
    {
        // An empty span has no address to pin: bound as it is, SQLite would read a null pointer as NULL.
        using var folder = new TempFolder();
        using var c = ReadModelDatabase.OpenPlain(folder.File("t.db"));
        using (var create = c.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (a TEXT, b TEXT, c TEXT, d TEXT)";
            create.ExecuteNonQuery();
        }
        const string Script = "fédérale — 恐怖组织 \U0001F4DC"; // UTF-16 in, UTF-8 in the file, the same text out
        using (var insert = new SqliteStatement(c, "INSERT INTO t VALUES (?1, ?2, ?3, ?4)"))
        {
            insert.Bind(1, "");
            insert.BindUtf8(2, []);
            insert.Bind(3, (string?)null);
            insert.Bind(4, Script);
            insert.Execute();
        }
        using var read = c.CreateCommand();
        read.CommandText = "SELECT typeof(a), length(a), typeof(b), length(b), typeof(c), d, length(CAST(d AS BLOB)) FROM t";
        using var r = read.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(("text", 0L, "text", 0L, "null"), (r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.GetString(4)));
        Assert.Equal(Script, r.GetString(5));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(Script), r.GetInt64(6));
    }

    /// <summary>This process's open file descriptors on <paramref name="path"/> (Linux; elsewhere none are listed).</summary>
    private static List<string> OpenHandlesOn(string path)
    {
        var fds = new DirectoryInfo("/proc/self/fd");
        if (!fds.Exists) return [];
        var open = new List<string>();
        foreach (var fd in fds.EnumerateFileSystemInfos())
        {
            try
            {
                if (fd.LinkTarget is { } target && target.StartsWith(path, StringComparison.Ordinal)) open.Add(target);
            }
            catch (IOException) { } // the descriptor closed while listing
        }
        return open;
    }
}

/// <summary>Tests that look at SQLite's connection pool, which any other test may clear: they run alone.</summary>
[CollectionDefinition(nameof(SqlitePools), DisableParallelization = true)]
public sealed class SqlitePools;
