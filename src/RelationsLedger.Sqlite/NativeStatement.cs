using System.Runtime.InteropServices;

namespace RelationsLedger.Sqlite;

/// <summary>
/// SQLite's own functions on a statement's pointer, for a statement whose handle is held (<see cref="SqliteStatement.Hold"/>):
/// the same native library SQLitePCLRaw loads. LibraryImport of blittable arguments: no marshalling stub, and no reference
/// taken and released on the handle at each call, which SQLitePCL's <c>SafeHandle</c> arguments cost.
/// </summary>
internal static unsafe partial class NativeStatement
{
    /// <summary>SQLITE_TRANSIENT: SQLite copies the value before the call returns.</summary>
    private static readonly IntPtr Transient = new(-1);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_int64")]
    public static partial int BindInt64(IntPtr stmt, int index, long value);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_null")]
    public static partial int BindNull(IntPtr stmt, int index);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_text")]
    private static partial int BindText(IntPtr stmt, int index, byte* value, int bytes, IntPtr destructor);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_text16")]
    private static partial int BindText16(IntPtr stmt, int index, char* value, int bytes, IntPtr destructor);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_blob")]
    private static partial int BindBlob(IntPtr stmt, int index, byte* value, int bytes, IntPtr destructor);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_step")]
    public static partial int Step(IntPtr stmt);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_reset")]
    public static partial int Reset(IntPtr stmt);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_int")]
    public static partial int ColumnInt(IntPtr stmt, int column);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_int64")]
    public static partial long ColumnInt64(IntPtr stmt, int column);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_type")]
    public static partial int ColumnType(IntPtr stmt, int column);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_blob")]
    private static partial byte* ColumnBlobPointer(IntPtr stmt, int column);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_bytes")]
    private static partial int ColumnBytes(IntPtr stmt, int column);

    /// <summary>A column's bytes (a text's UTF-8), valid until the statement's next step; empty for NULL and for none.</summary>
    public static ReadOnlySpan<byte> ColumnBlob(IntPtr stmt, int column)
    {
        var p = ColumnBlobPointer(stmt, column); // first, as SQLite asks: the count after the pointer is the bytes it points to
        return p is null ? [] : new ReadOnlySpan<byte>(p, ColumnBytes(stmt, column));
    }

    // A span of no bytes has no address (SQLite would bind NULL): the callers bind those through SQLitePCL, which gives one.

    public static int BindText(IntPtr stmt, int index, ReadOnlySpan<byte> utf8)
    {
        fixed (byte* p = utf8) return BindText(stmt, index, p, utf8.Length, Transient);
    }

    public static int BindText16(IntPtr stmt, int index, ReadOnlySpan<char> text)
    {
        fixed (char* p = text) return BindText16(stmt, index, p, text.Length * sizeof(char), Transient);
    }

    public static int BindBlob(IntPtr stmt, int index, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes) return BindBlob(stmt, index, p, bytes.Length, Transient);
    }
}
