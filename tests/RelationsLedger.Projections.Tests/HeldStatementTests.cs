using System.Text;
using Microsoft.Data.Sqlite;
using RelationsLedger.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// A statement whose handle is held (<see cref="SqliteStatement.Hold"/>) is called on its pointer, not through SQLitePCL: each
/// kind of value must be written as the calls through SQLitePCL write it (integers, NULL, texts as UTF-16 and as UTF-8, empty
/// ones, blobs, an empty one, a UUID's bytes) and each column read as they read it, a failure must still be SQLite's error,
/// and the pointer must stay valid while held — a statement disposed meanwhile (its connection closing on another thread) is
/// finalized only when released.
/// </summary>
public sealed class HeldStatementTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ReadModelConnection _c;

    public HeldStatementTests()
    {
        _c = ReadModelDatabase.OpenPlain(_folder.File("held.db"));
        using var cmd = _c.CreateCommand();
        cmd.CommandText = "CREATE TABLE t (number INTEGER, maybe INTEGER, text TEXT, utf8 TEXT, blob BLOB, id BLOB, UNIQUE (number))";
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _c.Dispose();
        _folder.Dispose();
    }

    private const string Insert = "INSERT INTO t (number, maybe, text, utf8, blob, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

    private static readonly Guid Id = Guid.Parse("0193a4b2-7c1d-7e2f-8a3b-4c5d6e7f8091");

    private static void Row(SqliteStatement s, long number, long? maybe, string text, byte[] utf8, byte[] blob)
    {
        s.Bind(1, number);
        s.Bind(2, maybe);
        s.Bind(3, text.AsSpan());
        s.BindUtf8(4, utf8);
        s.BindBlob(5, blob);
        s.BindBytes(6, Id);
        s.Execute();
    }

    private static readonly (long, long?, string, byte[], byte[])[] Rows =
    [
        (1, null, "", [], []), (2, 0, "Côte d’Ivoire", "RU"u8.ToArray(), [0, 1, 255]), (long.MinValue, long.MaxValue, "x", "é"u8.ToArray(), [42]),
    ];

    [Fact]
    public void A_held_statement_writes_each_value_as_one_called_through_SQLitePCL()
    {
        using (var s = new SqliteStatement(_c, Insert))
        {
            foreach (var (number, maybe, text, utf8, blob) in Rows) Row(s, number, maybe, text, utf8, blob);
            foreach (var (number, maybe, text, utf8, blob) in Rows)
                using (s.Hold())
                    Row(s, number + 10, maybe, text, utf8, blob);
        }
        var rows = Read();
        Assert.Equal(6, rows.Count);
        for (var i = 0; i < 3; i++) Assert.Equal(rows[i][1..], rows[i + 3][1..]); // all but the number: the same values, types and bytes
        Assert.Equal("integer|integer|text|text|blob|blob", rows[4][1]);
        Assert.Equal($"0|{Convert.ToHexString(Encoding.UTF8.GetBytes("Côte d’Ivoire"))}|5255|0001FF|0193a4b27c1d7e2f8a3b4c5d6e7f8091", rows[4][2]);
    }

    [Fact]
    public void A_held_statement_reads_each_column_as_one_read_through_SQLitePCL()
    {
        using (var s = new SqliteStatement(_c, Insert))
            foreach (var (number, maybe, text, utf8, blob) in Rows) Row(s, number, maybe, text, utf8, blob);
        using var query = new SqliteStatement(_c, "SELECT number, maybe, text, utf8, blob, id, NULL FROM t ORDER BY rowid");
        var rows = 0;
        while (query.Step())
        {
            var through = Columns(query);
            using (query.Hold()) Assert.Equal(through, Columns(query));
            rows++;
        }
        Assert.Equal(3, rows);
    }

    /// <summary>Every column of the row as each read gives it: integers, types, and the bytes as hex.</summary>
    private static string Columns(SqliteStatement s) => string.Join("|", Enumerable.Range(0, 7).Select(c =>
        $"{s.Int32(c)} {s.Int64(c)} {s.IsNull(c)} {s.IsBlob(c)} {s.IsInteger(c)} {Convert.ToHexString(s.Utf8(c))}"));

    [Fact]
    public void A_held_statement_fails_with_SQLites_error_and_is_used_again()
    {
        using var s = new SqliteStatement(_c, Insert);
        using (s.Hold())
        {
            Row(s, 1, null, "a", [], []);
            var error = Assert.Throws<SqliteException>(() => Row(s, 1, null, "b", [], []));
            Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT: the number is UNIQUE
            Row(s, 2, null, "c", [], []);
        }
        Assert.Equal(2, Read().Count);
    }

    [Fact]
    public void A_statement_disposed_while_held_is_finalized_only_when_released()
    {
        var s = new SqliteStatement(_c, Insert);
        var held = s.Hold();
        s.Dispose(); // as its connection's closing would, from another thread
        Row(s, 1, 2, "still", "held"u8.ToArray(), [1]); // the pointer is still the statement's
        held.Dispose();
        Assert.Throws<ObjectDisposedException>(() => s.Hold());
        Assert.Throws<ObjectDisposedException>(() => s.Bind(1, 3L));
        Assert.Single(Read());
    }

    /// <summary>Each row: its number, then its values' types, then its values (blobs and texts as hex, NULL as 'null').</summary>
    private List<string[]> Read()
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = """
            SELECT number,
                   typeof(number)||'|'||typeof(maybe)||'|'||typeof(text)||'|'||typeof(utf8)||'|'||typeof(blob)||'|'||typeof(id),
                   ifnull(maybe, 'null')||'|'||hex(text)||'|'||hex(utf8)||'|'||hex(blob)||'|'||lower(hex(id))
            FROM t ORDER BY rowid
            """;
        using var r = cmd.ExecuteReader();
        var rows = new List<string[]>();
        while (r.Read()) rows.Add([r.GetInt64(0).ToString(), r.GetString(1), r.GetString(2)]);
        return rows;
    }
}
