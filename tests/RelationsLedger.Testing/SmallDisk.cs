using System.Diagnostics;

namespace RelationsLedger.Testing;

/// <summary>
/// A real, small file system (a Linux tmpfs of a few hundred KB, mounted for the test and unmounted after) on which
/// a store or a read model runs out of space as it would on a full disk, or which is mounted read-only as an archive
/// is: SQLite gets ENOSPC or EROFS from the kernel, nothing is simulated. Mounting needs root (CI and this machine run tests as root); elsewhere the tests that need one
/// are skipped, with <see cref="SkipReason"/> saying why.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private static readonly Lazy<string?> CannotMount = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "a small disk is a Linux tmpfs";
        try
        {
            using var probe = new SmallDisk(64);
            return null;
        }
        catch (Exception e)
        {
            return $"cannot mount a tmpfs here ({e.Message})";
        }
    });

    /// <summary>Why a small disk cannot be made on this machine, or null when it can.</summary>
    public static string? SkipReason => CannotMount.Value;

    /// <summary>Skips the calling test (reported as skipped, with <see cref="SkipReason"/>) where no small disk can be made.</summary>
    public static void Require() => Skip.If(SkipReason is not null, SkipReason);

    private readonly TempFolder _mountPoint = new();
    private string Filler => System.IO.Path.Combine(Path, "filler");

    public string Path => _mountPoint.Path;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public SmallDisk(int kilobytes)
    {
        try
        {
            Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", Path);
        }
        catch
        {
            _mountPoint.Dispose();
            throw;
        }
    }

    /// <summary>Bytes the file system still has for files.</summary>
    public long Free => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Fills the disk with a file of its own until at most <paramref name="leave"/> bytes are free.</summary>
    public void Fill(long leave = 0)
    {
        using var file = new FileStream(Filler, FileMode.Append, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            while (Free > leave) file.Write(block);
            file.Flush();
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    /// <summary>Mounts the file system again read-only, as an archive or a snapshot is: nothing on it can be changed, not even by root.</summary>
    public void MakeReadOnly()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("mount", "-o", "remount,ro", Path);
    }

    /// <summary>Gives back the space <see cref="Fill"/> took.</summary>
    public void Release() => System.IO.File.Delete(Filler);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Run("umount", "-l", Path);
        }
        catch (InvalidOperationException)
        {
            // Best effort: a test failure must not hide behind cleanup.
        }
        _mountPoint.Dispose();
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {error.Trim()}");
    }
}
