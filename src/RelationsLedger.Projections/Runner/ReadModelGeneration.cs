using Microsoft.Data.Sqlite;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// The read model's <c>generation</c>: a random token drawn whenever its tables are made (a rebuild in place or into a new
/// file, a read model made again for another ledger or from another history), by this process or another. A runner's
/// memory of the file (the relationships' rows it has read) holds only while the token is the one it last saw: a rebuild
/// by another process ends at the same checkpoint, so the checkpoint alone does not tell that the file is another one.
/// </summary>
internal static class ReadModelGeneration
{
    /// <summary>The token; null for a read model without one (made before it existed, and not yet prepared since).</summary>
    /// <remarks>Read within the connection's transaction if it has one; a native statement, as every question reads it (round 24).</remarks>
    public static long? Read(SqliteConnection connection)
    {
        SqliteStatement query;
        try
        {
            query = new SqliteStatement(connection, "SELECT token FROM generation WHERE id = 1");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1) // SQLITE_ERROR: no such table
        {
            return null;
        }
        using (query) return query.Step() && query.IsInteger(0) ? query.Int64(0) : null;
    }
}
