using Microsoft.Data.Sqlite;

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
    public static long? Read(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT token FROM generation WHERE id = 1";
        try
        {
            return cmd.ExecuteScalar() is long token ? token : null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1) // SQLITE_ERROR: no such table
        {
            return null;
        }
    }
}
