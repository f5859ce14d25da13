namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>What tests of an import or export another process runs read of its store file while it runs.</summary>
internal static class RecordedInFile
{
    /// <summary>The relationships' events in the store file, read as another process would (0 while it is not a store yet).</summary>
    public static async Task<long> CountAsync(string store)
    {
        if (!File.Exists(store)) return 0;
        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM events WHERE stream LIKE 'relationship-%'";
            return (long)(await count.ExecuteScalarAsync())!;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // the file is being made: no table yet, or locked while its schema is written
        }
    }
}
