using System.Runtime.InteropServices;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// Whether a file lies on a file system mounted read-only — an archive, a snapshot, write-once media — where no
/// process, however privileged, can change it. Asked of the kernel (<c>access(2)</c> answers EROFS), not guessed from
/// permissions, which another user may still have.
/// </summary>
public static partial class ReadOnlyFileSystem
{
    private const int WriteOk = 2; // W_OK
    private const int Erofs = 30; // EROFS on Linux and macOS

    public static bool Holds(string file)
    {
        if (OperatingSystem.IsWindows()) return false;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        return folder is not null && Access(folder, WriteOk) != 0 && Marshal.GetLastPInvokeError() == Erofs;
    }

    // LibraryImport: the path's conversion and errno's saving are compiled with the ledger, the call itself needs no marshalling
    // (FileStatus.StatX).
    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}
