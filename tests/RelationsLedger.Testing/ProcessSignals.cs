using System.Diagnostics;
using System.Globalization;

namespace RelationsLedger.Testing;

/// <summary>What the tests of real <c>ledger</c> processes do to them and see of them through the kernel (Linux).</summary>
public static class ProcessSignals
{
    /// <summary>Sends the process a signal by name ("INT" as Ctrl+C, "TERM"), as <c>kill -s</c> does (.NET sends only SIGKILL): kill's exit code.</summary>
    public static async Task<int> SendAsync(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        return kill.ExitCode;
    }

    /// <summary>
    /// The kernel function each of the process's threads waits in (<c>/proc/PID/task/*/wchan</c>: "wait_for_partner" in open(2)
    /// of a FIFO, "pipe_write" in a write to a full one), leaving out the runtime's debugger pipe, which waits for its partner too.
    /// </summary>
    public static IEnumerable<string> WaitChannels(Process process) =>
        Directory.EnumerateDirectories($"/proc/{process.Id}/task")
            .Where(t => !Read(Path.Combine(t, "comm")).StartsWith(".NET DebugPipe", StringComparison.Ordinal))
            .Select(t => Read(Path.Combine(t, "wchan")));

    private static string Read(string file)
    {
        try { return File.ReadAllText(file).Trim(); }
        catch (IOException) { return ""; } // a thread that ended
    }
}
