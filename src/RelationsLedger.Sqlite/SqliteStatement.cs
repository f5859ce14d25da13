using Microsoft.Data.Sqlite;
using System.Text;
using SQLitePCL;

namespace RelationsLedger.Sqlite;

/// <summary>
/// One SQL statement prepared once on a connection's native handle and bound by position. The
/// read model's write path runs a handful of statements hundreds of thousands of times; through
/// <see cref="SqliteCommand"/> every run looks each parameter up by name and converts the name and
/// every text value to UTF-8 again (~15 % of a rebuild's apply thread), which this skips; a question's
/// reads (the read model's and the store's) are made without the command's, reader's and parameters' objects.
/// It runs inside whatever transaction the connection has open, exactly like a command would.
/// Finalized by <see cref="Dispose"/>, which must come before the connection closes: none may outlive the
/// connection's hold on the handle (the read model's row writer disposes its statements as its connection closes).
/// </summary>
public sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly int _busySeconds;
    private bool _stepped; // a row was read since the statement started: a busy file then is not waited out (rows would repeat)

    /// <param name="busySeconds">How long a run waits out a busy file before it is refused; the connection's timeout when not given.</param>
    public SqliteStatement(SqliteConnection connection, string sql, int? busySeconds = null)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _busySeconds = busySeconds ?? connection.DefaultTimeout;
        // SQLite parses UTF-8: the text is converted on the stack (SQLitePCL's string overload makes an array of it each time).
        Span<byte> utf8 = sql.Length <= SqlOnStack / 3 ? stackalloc byte[SqlOnStack] : new byte[Encoding.UTF8.GetByteCount(sql)];
        utf8 = utf8[..Encoding.UTF8.GetBytes(sql, utf8)];
        long since = 0;
        int rc;
        while ((rc = raw.sqlite3_prepare_v3(_db, utf8, raw.SQLITE_PREPARE_PERSISTENT, out _stmt)) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED && Waited(ref since)) { }
        Check(rc);
    }

    /// <summary>SQL of up to a third of this many characters is converted to UTF-8 on the stack (at most 3 bytes a UTF-16 unit).</summary>
    private const int SqlOnStack = 1536;

    /// <summary>
    /// Whether to try a busy file again — another connection changes its journal mode, or holds the lock a write needs —
    /// after a short sleep, up to the connection's timeout, as <see cref="SqliteCommand"/> does: a statement made native must
    /// not fail where the command it replaced waited (two runners on a new read model: one set WAL while the other read
    /// its schema, and the reader met 'database is locked').
    /// </summary>
    private bool Waited(ref long since)
    {
        if (since == 0) since = System.Diagnostics.Stopwatch.GetTimestamp();
        if (System.Diagnostics.Stopwatch.GetElapsedTime(since).TotalSeconds >= _busySeconds) return false;
        Thread.Sleep(10);
        return true;
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_stmt, index, value));

    public void Bind(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index));

    public void Bind(int index, string? value)
    {
        if (value is null) Check(raw.sqlite3_bind_null(_stmt, index));
        else Bind(index, value.AsSpan());
    }

    /// <summary>Text (never NULL, even when empty); SQLite copies it, so a span on the stack will do.</summary>
    public void Bind(int index, ReadOnlySpan<char> value) => Check(raw.sqlite3_bind_text16(_stmt, index, value));

    /// <summary>Text already in UTF-8, the database's encoding: stored without conversion.</summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_text(_stmt, index, value));

    /// <summary>Bytes as a BLOB; SQLite copies them, so a span of a reused buffer will do.</summary>
    public void BindBlob(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_stmt, index, value));

    /// <summary>A UUID in its 36-character form ("D"), formatted without allocating.</summary>
    public void Bind(int index, Guid value)
    {
        Span<char> text = stackalloc char[36];
        value.TryFormat(text, out _, "D");
        Bind(index, text);
    }

    /// <summary>
    /// A UUID as its 16 bytes, most significant first (<c>hex()</c> in SQL shows the UUID's digits in order): 21 bytes less than the
    /// 36-character form in a row and in every index entry that holds it.
    /// </summary>
    public void BindBytes(int index, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        Check(raw.sqlite3_bind_blob(_stmt, index, bytes));
    }

    /// <summary>Runs the statement to its end; the statement is reset for its next run whether or not it succeeded.</summary>
    public void Execute()
    {
        try
        {
            while (Step()) { }
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Makes the statement ready to run again from its first row (after <see cref="Step"/>), its bindings kept.</summary>
    public void Reset()
    {
        raw.sqlite3_reset(_stmt);
        _stepped = false;
    }

    /// <summary>Binds by the parameter's name (<c>$rel</c>), for a statement run once.</summary>
    public void Bind(string name, long value) => Bind(IndexOf(name), value);

    public void Bind(string name, string value) => Bind(IndexOf(name), value.AsSpan());

    private int IndexOf(string name) =>
        raw.sqlite3_bind_parameter_index(_stmt, name) is > 0 and var index ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));

    /// <summary>
    /// The next row of a query (false at its end); its columns are read with <see cref="Int32"/> and <see cref="Utf8"/>
    /// until the next step. The statement is not reset here: dispose it, or <see cref="Execute"/> it, when done.
    /// </summary>
    public bool Step()
    {
        long since = 0;
        int rc;
        while ((rc = raw.sqlite3_step(_stmt)) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED && !_stepped && Waited(ref since)) raw.sqlite3_reset(_stmt);
        _stepped = rc == raw.SQLITE_ROW;
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(rc, _db);
        return _stepped;
    }

    public int Int32(int column) => raw.sqlite3_column_int(_stmt, column);

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    /// <summary>A TEXT or BLOB column's bytes as stored (text: UTF-8), valid until the next step.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_stmt, column);

    /// <summary>A column's text as a string.</summary>
    public string Text(int column) => Encoding.UTF8.GetString(Utf8(column));

    /// <summary>A UUID stored as text, parsed as <see cref="System.Guid.Parse(string)"/> parses its string, without making the string.</summary>
    public Guid Uuid(int column)
    {
        var utf8 = Utf8(column);
        if (utf8.Length > 68) return System.Guid.Parse(Text(column)); // longer than any form Guid.Parse takes: its error
        Span<char> text = stackalloc char[68];
        return System.Guid.Parse(text[..Encoding.UTF8.GetChars(utf8, text)]);
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public bool IsBlob(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_BLOB;

    public bool IsInteger(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_INTEGER;

    /// <summary>The rowid of the row the last INSERT on this connection wrote.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    /// <summary>The rows the last completed INSERT, UPDATE or DELETE on this connection changed (not counting its triggers').</summary>
    public int Changes => raw.sqlite3_changes(_db);

    /// <summary>Whether the connection has a transaction open (SQLite's autocommit mode is off).</summary>
    public bool InTransaction => raw.sqlite3_get_autocommit(_db) == 0;

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _stmt.Dispose();
}
