namespace RelationsLedger.Projections.Runner;

/// <summary>
/// One rebuild of a read model at a time, across processes: a rebuild holds <c>….projections.db.rebuild.lock</c> open with
/// no sharing from before it empties its fresh file (<c>….projections.db.rebuild</c>) until that file is renamed into
/// place and the catch-up after it is done with no connection of its process left open on the read model, and a second
/// rebuild waits for it. Without the claim a second rebuild emptied the first one's file in the
/// middle of its load, and the first then renamed the second's unfinished file into place as the read model; with a claim
/// released at the rename, the second found the read model open in the first's catch-up and failed. The lock
/// is a file of its own — SQLite never opens it, so no share mode or lock of the claim can shut SQLite out of the
/// rebuild's file — deleted when closed, and it goes with the process: a rebuild that crashed holds nothing.
/// </summary>
internal sealed class RebuildClaim : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _held;

    private RebuildClaim(FileStream held) => _held = held;

    /// <param name="readModel">The read model's path: the lock is <c>{readModel}.rebuild.lock</c>.</param>
    /// <param name="waiting">Told once, when another rebuild holds the file and this one waits for it.</param>
    public static async Task<RebuildClaim> TakeAsync(string readModel, Action<string>? waiting, CancellationToken ct)
    {
        var lockFile = readModel + ".rebuild.lock";
        var told = false;
        while (true)
        {
            try
            {
                return new(new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
            }
            catch (IOException e) when (IsHeldElsewhere(e))
            {
                if (!told) waiting?.Invoke($"Another rebuild of this read model is running ({lockFile} is held); waiting for it to finish.");
                told = true;
                await Task.Delay(Poll, ct);
            }
        }
    }

    /// <summary>A sharing violation: EWOULDBLOCK from the lock on Linux and macOS, ERROR_SHARING_VIOLATION on Windows.</summary>
    private static bool IsHeldElsewhere(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020);

    public void Dispose() => _held.Dispose();
}
