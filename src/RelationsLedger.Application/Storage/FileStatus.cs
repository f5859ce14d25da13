using System.Runtime.InteropServices;

namespace RelationsLedger.Application.Storage;

/// <summary>What kind of file a path is, and which file: <c>statx(2)</c>, following links (its layout is the same on every Linux architecture).</summary>
public static partial class FileStatus
{
    private const ushort TypeMask = 0xF000, RegularFile = 0x8000, Fifo = 0x1000, Directory = 0x4000;

    /// <summary>A regular file, or no file (elsewhere than Linux: always).</summary>
    public static bool IsRegularFile(string path) => Of(path) is not { } s || (s.Mode & TypeMask) == RegularFile;

    /// <summary>
    /// What a path that is neither a regular file nor a folder is ("a character device" for <c>/dev/null</c>, "a FIFO (named
    /// pipe)"); null for a regular file, a folder, no file, or elsewhere than Linux.
    /// </summary>
    public static string? OtherKind(string path) => Of(path) is { } s && (s.Mode & TypeMask) is not (RegularFile or Directory) and var type
        ? type switch
        {
            Fifo => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "a file of another kind",
        }
        : null;

    /// <summary>A pipe or FIFO (<c>/proc/self/fd/1</c> under <c>ledger … | head</c>); false elsewhere than Linux.</summary>
    public static bool IsPipe(string path) => Of(path) is { } s && (s.Mode & TypeMask) == Fifo;

    /// <summary>The file's device and inode: the same file under any path (a link, a hard link, <c>./a/../</c>); null when there is none.</summary>
    public static (uint, uint, ulong)? Identity(string path) => Of(path) is { } s ? (s.DeviceMajor, s.DeviceMinor, s.Inode) : null;

    /// <summary>
    /// The file a symbolic link leads to, at the end of a chain of them (which need not exist); <paramref name="full"/> itself
    /// when it is no link, or when its links go round (<see cref="BrokenLink(string)"/> says so).
    /// </summary>
    public static string LinkedFile(string full)
    {
        try
        {
            return new FileInfo(full) is { LinkTarget: not null } link && link.ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
        }
        catch (IOException)
        {
            return full; // ELOOP: "Too many levels of symbolic links"
        }
    }

    /// <summary>
    /// Why a symbolic link leads to no file — "it is a symbolic link to /data/ledger.db, which does not exist" (a disk not
    /// mounted, a file moved away), or links that go round — else null (no link, or a link to a file or folder).
    /// </summary>
    public static string? BrokenLink(string full) => BrokenLink(full, LinkedFile(full));

    /// <summary>As above, of a path whose <see cref="LinkedFile"/> the caller has already (it opens that file: the links resolved once).</summary>
    public static string? BrokenLink(string full, string target)
    {
        if (new FileInfo(full).LinkTarget is null) return null;
        return target == full ? "it is a symbolic link whose links go round in a loop"
            : File.Exists(target) || System.IO.Directory.Exists(target) ? null
            : $"it is a symbolic link to {target}, which does not exist";
    }

    /// <summary>
    /// Why an existing file is not to be written — "it is on a read-only file system", "the file is read-only (its mode gives no
    /// write permission)" — or null. The mode is the owner's word that the file is to be kept as it is: it is heeded even by
    /// the root user, whom it does not stop, and by a command that would replace the file with a rename, which it does not
    /// stop either (a rename needs only the folder's permission).
    /// </summary>
    public static string? ReadOnlyReason(string file) =>
        ReadOnlyFileSystem.Holds(file) ? "it is on a read-only file system"
        : !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserWrite) == 0 ? "the file is read-only (its mode gives no write permission)"
        : new FileInfo(file).IsReadOnly ? "the file is read-only"
        : null;

    /// <summary>Null elsewhere than Linux or for no file.</summary>
    private static (ushort Mode, ulong Inode, uint DeviceMajor, uint DeviceMinor)? Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256];
        const int atCurrentDirectory = -100;
        const uint typeAndInode = 0x1 | 0x100; // STATX_TYPE | STATX_INO
        if (StatX(atCurrentDirectory, path, 0, typeAndInode, buffer) != 0) return null;
        return (BitConverter.ToUInt16(buffer, 28), BitConverter.ToUInt64(buffer, 32), BitConverter.ToUInt32(buffer, 136), BitConverter.ToUInt32(buffer, 140));
    }

    // LibraryImport: the path's conversion and the buffer's pinning are compiled with the ledger, and the call itself needs no
    // marshalling, so the tool's ReadyToRun image holds it; a DllImport of a string was a stub compiled by the JIT at every start.
    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int directory, string path, int flags, uint mask, [Out] byte[] buffer);
}
