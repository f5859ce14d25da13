using System.Globalization;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// Why a SQLite file of the ledger (the embedded store, a read model) could not be opened, read or written, in
/// plain words, from SQLite's primary result code. Shared so that both files say the same thing of the same fault.
/// A full disk is named with the space left where the file lives: SQLite calls it a "disk I/O error" when what it
/// could not grow is its shared-memory file, and "database or disk is full" otherwise.
/// </summary>
public static class SqliteFileFailure
{
    private const int Perm = 3, Busy = 5, ReadOnly = 8, IoErr = 10, Corrupt = 11, Full = 13, CantOpen = 14, NoLfs = 22, NotADb = 26;

    /// <summary>Below this much free space an I/O error is reported as the full disk it most likely is.</summary>
    private const long NearlyFull = 1 << 20;

    /// <summary>
    /// A fault of where the file lives (disk, permissions, another process's lock), not of what it holds: nothing
    /// in the file is wrong, and the same operation succeeds once the place is fixed.
    /// </summary>
    public static bool IsOfThePlace(int code) => (code & 0xFF) is Perm or Busy or ReadOnly or IoErr or Full or CantOpen or NoLfs;

    /// <param name="code">SQLite's result code (primary or extended).</param>
    /// <param name="message">SQLite's message, for a code without words of its own here.</param>
    /// <param name="file">The file that failed: the free space is that of its file system.</param>
    public static string Reason(int code, string message, string file) => (code & 0xFF) switch
    {
        ReadOnly or CantOpen or Perm when ReadOnlyFileSystem.Holds(file) => "the file system holding it is read-only",
        ReadOnly => "the file is read-only (or its folder is)",
        CantOpen or Perm => "the file cannot be opened (permissions?)",
        Busy => "another process holds it locked; try again",
        Corrupt or NotADb => "the file is corrupt",
        Full => $"the disk is full ({FreeSpace(file)})",
        IoErr => FreeBytes(file) is < NearlyFull and var free ? $"a disk I/O error: the disk is full ({FreeSpace(free, file)})" : "a disk I/O error",
        _ => message.Replace("SQLite Error ", "error ", StringComparison.Ordinal).TrimEnd('.'),
    };

    /// <summary>"0 bytes free in /mnt/data", or "free space unknown" when the file system cannot be asked.</summary>
    public static string FreeSpace(string file) => FreeSpace(FreeBytes(file), file);

    private static string FreeSpace(long? free, string file) =>
        free is { } bytes ? $"{Bytes(bytes)} free in {Path.GetDirectoryName(Path.GetFullPath(file))}" : "free space unknown";

    private static long? FreeBytes(string file)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            return folder is null ? null : new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} bytes",
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{n / 1024.0:0.#} KB"),
        < 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{n / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{n / (1024.0 * 1024 * 1024):0.#} GB"),
    };
}
