using Microsoft.Data.Sqlite;

namespace RelationsLedger.Sqlite;

/// <summary>A statement refused because another connection held the file (SQLITE_BUSY or SQLITE_LOCKED, plain or extended).</summary>
public static class SqliteBusy
{
    private const int Busy = 5, Locked = 6;

    public static bool Is(SqliteException e) => (e.SqliteErrorCode & 0xFF) is Busy or Locked;
}
