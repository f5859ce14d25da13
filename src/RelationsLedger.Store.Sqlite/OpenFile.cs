using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// Whether the file an open connection writes to is still the file at its path. A connection keeps the file it
/// opened: renamed, deleted, or replaced by another file moved over it (as a restore from a backup does), the
/// connection would go on writing into a file no one will open again, and every event it took would be lost.
/// </summary>
internal static partial class OpenFile
{
    private const int HasMovedOp = 20; // SQLITE_FCNTL_HAS_MOVED: one stat of the path, compared with the open file

    // Not wrapped by SQLitePCLRaw; the same native library Microsoft.Data.Sqlite loads. LibraryImport: the call needs no
    // marshalling stub compiled at run time (FileStatus.StatX).
    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_file_control", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FileControl(IntPtr db, string name, int op, out int result);

    public static bool HasMoved(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = FileControl(handle.DangerousGetHandle(), "main", HasMovedOp, out var moved);
        if (rc != 0) SqliteException.ThrowExceptionForRC(rc, handle);
        return moved != 0;
    }
}
