using Microsoft.Data.Sqlite;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The row writer's inserts bind a parameter only when its value differs from the row before's (<see cref="KeptBindings"/>):
/// each row must still be written with every value as given — a value repeated, one changed, NULL after a value and a value
/// after NULL (an integer, a text, and a text equal to the last but another string object), a text of ASCII (bound as UTF-8)
/// and others (not ASCII, empty, long: bound as UTF-16), and after a bind that failed.
/// </summary>
public sealed class KeptBindingsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ReadModelConnection _c;
    private readonly SqliteStatement _insert;
    private readonly KeptBindings _values;

    /// <summary>A table of an integer, an optional integer and an optional text, and its insert's parameters kept.</summary>
    public KeptBindingsTests()
    {
        _c = ReadModelDatabase.OpenPlain(_folder.File("kept.db"));
        using (var cmd = _c.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE t (number INTEGER NOT NULL, maybe INTEGER, text TEXT)";
            cmd.ExecuteNonQuery();
        }
        _insert = new SqliteStatement(_c, "INSERT INTO t (number, maybe, text) VALUES (?1, ?2, ?3)");
        _values = new KeptBindings(_insert, 3);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _c.Dispose();
        _folder.Dispose();
    }

    private static readonly (long Number, long? Maybe, string? Text)[] Rows =
    [
        (1, null, null), (1, null, null), (1, 0, ""), (1, 0, ""), (2, 0, "RU"), (2, null, new string("RU".AsSpan())),
        (2, 5, null), (0, 5, "US"), (0, null, "US"), (-1, -1, "us"), (-1, -1, "us"), (long.MaxValue, null, null),
        (3, 1, "Côte d’Ivoire"), (3, 1, "Côte d’Ivoire"), (3, 1, "CI"), (3, 1, new string('x', 300)), (3, 1, ""),
    ];

    [Fact]
    public void Every_row_holds_its_own_values_whichever_repeat_the_row_before()
    {
        foreach (var (number, maybe, text) in Rows)
        {
            _values.Bind(1, number);
            _values.Bind(2, maybe);
            _values.Bind(3, text);
            _insert.Execute();
        }
        Assert.Equal(Rows, Read());
    }

    [Fact]
    public void A_value_whose_bind_failed_is_bound_again_for_the_next_row()
    {
        _values.Bind(1, 7);
        _values.Bind(2, 8);
        _values.Bind(3, "RU");
        Assert.False(_insert.Step()); // run and not reset: SQLite refuses a bind until it is
        Assert.Throws<SqliteException>(() => _values.Bind(1, 9));
        Assert.Throws<SqliteException>(() => _values.Bind(2, (long?)null));
        Assert.Throws<SqliteException>(() => _values.Bind(3, "US"));
        _insert.Reset();
        _values.Bind(1, 9);
        _values.Bind(2, (long?)null);
        _values.Bind(3, "US");
        _insert.Execute();
        Assert.Equal([(7, 8, "RU"), (9, null, "US")], Read());
    }

    private List<(long, long?, string?)> Read()
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = "SELECT number, maybe, text FROM t ORDER BY rowid";
        using var r = cmd.ExecuteReader();
        var rows = new List<(long, long?, string?)>();
        while (r.Read()) rows.Add((r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2)));
        return rows;
    }
}
