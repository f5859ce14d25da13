namespace RelationsLedger.Application.Storage;

/// <summary>
/// Why a SQLite file of the ledger (the embedded store, a read model) cannot be at its path, found before SQLite is asked:
/// SQLite says only "unable to open database file", which reads as a matter of permissions. The store and the read model
/// say it alike.
/// </summary>
public static class SqliteFilePlace
{
    /// <param name="full">The file's full path.</param>
    /// <returns>"it is a folder", "folder … does not exist", or null when a file can be there.</returns>
    public static string? Problem(string full) =>
        Directory.Exists(full) ? "it is a folder"
        : Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder) ? $"folder {folder} does not exist"
        : null;
}
