using System.Buffers;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// One table's row inserts for the <see cref="RowWriter"/>: a row's values are given in the order of <c>columns</c>
/// (<see cref="Start"/>, <see cref="Add(long)"/> …, <see cref="End"/>). Outside a bulk load each row is inserted when it ends,
/// and its id returned. In a bulk load, where no row's id is needed, rows wait and are inserted <see cref="RowsAStatement"/> at a
/// time by one statement of as many rows: SQLite then runs the statement's program, and opens and closes the table's and its
/// indexes' cursors, once for them all rather than once a row, and the step and the reset are one call each for them all
/// (docs/performance.md, round 69). The rows go in in the order they were given, so they get the ids they would one at a time.
/// Those still waiting are inserted one at a time by <see cref="Flush"/>, which the writer's user calls before the rows are
/// read or the load ends: disposed, the inserts drop them.
/// </summary>
internal sealed class RowInserts : IDisposable
{
    public const int RowsAStatement = 16;

    private readonly int _columns;
    private readonly SqliteStatement _one;
    private readonly KeptBindings _oneValues;
    private readonly SqliteStatement? _many;
    private readonly KeptBindings? _manyValues;

    // The values of the rows waiting and of the row under way, one row after another: what each is, and its integer, its text,
    // or where its bytes are in _blobs (start << 32 | length). A column is given blobs always or never: blobs are bound on the
    // statement itself, at parameters its KeptBindings never binds.
    private readonly Held[] _held;
    private readonly long[] _integers;
    private readonly string?[] _texts;
    private readonly ArrayBufferWriter<byte> _blobs = new(4096);
    private int _rows;   // whole rows waiting
    private int _values; // values given: those of the rows waiting and of the row under way

    private enum Held : byte { Integer, Null, Text, Blob }

    /// <param name="prepare">Prepares a statement on the writer's connection (it disposes those it made if a later one fails).</param>
    public RowInserts(Func<string, SqliteStatement> prepare, string table, string[] columns, bool bulk)
    {
        _columns = columns.Length;
        var rows = bulk ? RowsAStatement : 1;
        (_held, _integers, _texts) = (new Held[rows * _columns], new long[rows * _columns], new string?[rows * _columns]);
        _one = prepare(Sql(table, columns, 1));
        _oneValues = new KeptBindings(_one, _columns);
        if (!bulk) return;
        _many = prepare(Sql(table, columns, RowsAStatement));
        _manyValues = new KeptBindings(_many, RowsAStatement * _columns);
    }

    /// <summary><c>INSERT INTO table (columns) VALUES (?1, ?2, …), (…)</c>: <paramref name="rows"/> rows, their parameters numbered on.</summary>
    private static string Sql(string table, string[] columns, int rows) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES " + string.Join(", ", Enumerable.Range(0, rows).Select(row =>
            "(" + string.Join(", ", Enumerable.Range(1 + row * columns.Length, columns.Length).Select(p => $"?{p}")) + ")"));

    /// <summary>Begins a row: what was given of one not ended (its making threw) is dropped.</summary>
    public void Start() => _values = _rows * _columns;

    public void Add(long value) => _integers[Next(Held.Integer)] = value;

    public void Add(long? value)
    {
        if (value is { } v) Add(v);
        else Next(Held.Null);
    }

    public void Add(string? value)
    {
        if (value is null) Next(Held.Null);
        else _texts[Next(Held.Text)] = value;
    }

    /// <summary>Bytes (SQLite copies them when they are bound): copied here until then.</summary>
    public void Add(ReadOnlySpan<byte> bytes)
    {
        var start = _blobs.WrittenCount;
        bytes.CopyTo(_blobs.GetSpan(bytes.Length));
        _blobs.Advance(bytes.Length);
        _integers[Next(Held.Blob)] = ((long)start << 32) | (uint)bytes.Length;
    }

    /// <summary>A UUID as its 16 bytes, most significant first (as <see cref="SqliteStatement.BindBytes"/> writes it).</summary>
    public void Add(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        Add(bytes);
    }

    /// <summary>The place of the row's next value, which is of this kind.</summary>
    private int Next(Held held)
    {
        _held[_values] = held;
        return _values++;
    }

    /// <summary>Ends the row: inserted now, its id returned — or, in a bulk load, waiting (-1), and the rows waiting inserted once they fill a statement.</summary>
    public long End()
    {
        if (_values != (_rows + 1) * _columns) throw new InvalidOperationException($"A row was given {_values - _rows * _columns} values of {_columns}.");
        _rows++;
        if (_many is null)
        {
            Write(_one, _oneValues, 0, 1);
            return _one.LastInsertRowId;
        }
        if (_rows == RowsAStatement) Write(_many, _manyValues!, 0, RowsAStatement);
        return -1;
    }

    /// <summary>Inserts the rows waiting, one at a time.</summary>
    public void Flush()
    {
        var rows = _rows;
        try
        {
            for (var row = 0; row < rows; row++) Write(_one, _oneValues, row, 1, clear: false);
        }
        finally
        {
            Clear();
        }
    }

    /// <summary>Binds <paramref name="count"/> rows waiting from <paramref name="first"/> on to the statement's parameters in order, and runs it.</summary>
    private void Write(SqliteStatement statement, KeptBindings values, int first, int count, bool clear = true)
    {
        for (var row = 0; row < count; row++)
            for (var column = 0; column < _columns; column++)
            {
                var (at, parameter) = ((first + row) * _columns + column, 1 + row * _columns + column);
                switch (_held[at])
                {
                    case Held.Integer: values.Bind(parameter, _integers[at]); break;
                    case Held.Null: values.Bind(parameter, (long?)null); break;
                    case Held.Text: values.Bind(parameter, _texts[at]); break;
                    default: statement.BindBlob(parameter, _blobs.WrittenSpan.Slice((int)(_integers[at] >> 32), (int)(uint)_integers[at])); break;
                }
            }
        if (clear) Clear(); // before the statement runs: rows it fails on are not tried again
        statement.Execute();
    }

    private void Clear()
    {
        Array.Clear(_texts, 0, _values); // no text kept alive by a row written
        (_rows, _values) = (0, 0);
        _blobs.ResetWrittenCount();
    }

    public void Dispose()
    {
        _one.Dispose();
        _many?.Dispose();
    }
}
