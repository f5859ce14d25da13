using System.Runtime.InteropServices;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// The process's limit of open files (<c>ulimit -n</c>, RLIMIT_NOFILE) reached: the runtime keeps each assembly it loads open,
/// and a framework-dependent <c>ledger</c> needs ~110 before it opens the store. Under <c>ulimit -n 96</c> the runtime could not
/// load the next one and said "Could not load file or assembly 'FluentValidation' … The system cannot find the file specified",
/// a stack trace, the process aborted (exit code 134): before round 65, every command so. Told by the kernel's numbers
/// (the limit, the files open), not by the exception, whose words name no limit.
/// </summary>
internal static partial class OpenFileLimit
{
    private const int NoFile = 7; // RLIMIT_NOFILE on Linux

    /// <summary>Descriptors short of the limit still taken for it: a failure may come of the next few opens (an assembly and its map).</summary>
    private const int Slack = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    // LibraryImport, as every P/Invoke of the ledger: no marshalling stub made at run time (FileStatus.StatX).
    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetLimit(int resource, out ResourceLimit limit);

    private const int GetDescriptorFlags = 1; // F_GETFD: -1 (EBADF) for a descriptor that is not open

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int Control(int descriptor, int command);

    [LibraryImport("libc", EntryPoint = "write")]
    private static partial nint Write(int descriptor, byte[] bytes, nint count);

    /// <summary>
    /// Says <paramref name="why"/> on standard error. The ledger program writes its bytes to descriptor 2 itself: at the limit
    /// the console's first write, which opens the terminal's description and loads another assembly, failed, and the message
    /// was lost (seen with standard output a pipe). A failure to say it has nowhere else to be said.
    /// </summary>
    public static async Task SayAsync(CliOutput io, string why)
    {
        if (!io.OwnsProcess)
        {
            await io.Error.WriteLineAsync(why);
            return;
        }
        var bytes = System.Text.Encoding.UTF8.GetBytes(why + "\n");
        _ = Write(2, bytes, bytes.Length);
    }

    /// <summary>
    /// What to tell the user when a failure came while the process has as many files open as it may, or null. Asks the kernel
    /// through calls that open nothing: at the limit, listing <c>/proc/self/fd</c> failed too, and the exception it made loaded
    /// another assembly, which failed in turn (the message was never written).
    /// </summary>
    public static string? Reached()
    {
        if (!OperatingSystem.IsLinux() || GetLimit(NoFile, out var limit) != 0 || limit.Current > 1 << 16) return null; // a limit that high did not fail
        var open = 0;
        for (var descriptor = 0; descriptor < (int)limit.Current; descriptor++)
            if (Control(descriptor, GetDescriptorFlags) != -1) open++;
        return open + Slack < (int)limit.Current ? null
            : $"ledger: cannot go on: the process may have at most {limit.Current} files open (ulimit -n) and has {open}; the runtime " +
              $"opens each of the ledger's assemblies and keeps it open. Raise the limit (ulimit -n 1024) and run the command again.";
    }
}
