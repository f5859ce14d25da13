namespace RelationsLedger.Application.Audit;

/// <summary>
/// A file in the temporary folder for what a reader of a whole log keeps on disk instead of in memory (an import's
/// accepted events, a verifier's chain links). Unlinked as soon as it is open where an open file outlives its name
/// (Linux, macOS), so even a killed process leaves nothing behind; Windows cannot, and deletes it on close.
/// </summary>
internal static class TemporaryFile
{
    /// <summary>The folder such files are made in (<c>TMPDIR</c>), for the caller's words when one cannot be made or written.</summary>
    public static string Folder => Path.GetTempPath();

    /// <exception cref="IOException">It could not be made (a missing or full folder).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    public static FileStream Open(string kind)
    {
        var path = Path.Combine(Folder, $"relationsledger-{kind}-{Guid.NewGuid():N}.spill");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            if (!OperatingSystem.IsWindows()) File.Delete(path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return file;
    }
}
