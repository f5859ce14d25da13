namespace RelationsLedger.Application.Storage;

/// <summary>
/// Why a SQLite file of the ledger (the embedded store, a read model) cannot be at its path, found before SQLite is asked:
/// SQLite says only "unable to open database file", which reads as a matter of permissions. The store and the read model
/// say it alike.
/// </summary>
public static class SqliteFilePlace
{
    /// <summary>The files SQLite keeps beside a database, named after it: its write-ahead log, its shared memory, its rollback journal.</summary>
    public static IReadOnlyList<string> SideFiles { get; } = ["-wal", "-shm", "-journal"];

    /// <param name="full">The file's full path.</param>
    /// <returns>
    /// "it is a symbolic link to …, which does not exist" (SQLite said "unable to open database file", read as "permissions?",
    /// and a new ledger is not begun where a disk is not mounted), "it is a folder", "it is not a regular file but a character
    /// device" (<c>/dev/null</c>; a FIFO, a socket: SQLite said "disk I/O error"), "folder … does not exist", a side file's
    /// name (below), or null when a file can be there.
    /// </returns>
    /// <remarks>
    /// A ledger file named as another database's side file (<c>ledger.db-wal</c> beside <c>ledger.db</c>) would share that
    /// file with the database's journal: each would write over the other, and the database deletes its journal when it
    /// closes. Before, a read model named so was built in the store's write-ahead log.
    /// </remarks>
    public static string? Problem(string full) =>
        FileStatus.BrokenLink(full) is { } broken ? broken
        : Directory.Exists(full) ? "it is a folder"
        : FileStatus.OtherKind(full) is { } kind ? $"it is not a regular file but {kind}"
        : Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder) ? $"folder {folder} does not exist{UnexpandedTilde.Hint(full)}"
        : SideFiles.FirstOrDefault(s => full.EndsWith(s, StringComparison.Ordinal) && File.Exists(full[..^s.Length])) is { } side
            ? $"its name is that of the {side[1..]} file SQLite keeps beside {full[..^side.Length]}, which would write over it"
        : null;
}
