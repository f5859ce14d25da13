using System.Diagnostics;

namespace RelationsLedger.Testing;

/// <summary>What the tests of real <c>ledger</c> processes do to them and see of them through the kernel (Linux).</summary>
public static class ProcessSignals
{
    /// <summary>
    /// Sends the process a signal by name ("INT" as Ctrl+C, "TERM", "HUP"), as <c>kill -s</c> does (.NET sends only SIGKILL), from
    /// this process: 0 when it was sent, 1 when not (the process is gone), as kill's exit code says.
    /// </summary>
    public static Task<int> SendAsync(Process process, string signal) => Task.FromResult(Send(process, Number(signal)) ? 0 : 1);

    /// <summary>
    /// Stops the process where it stands (SIGSTOP), so that what a test has just seen of it stays true while the test sends its
    /// signal; <see cref="Resume"/> lets it go on and take that signal. False when the process has already ended.
    /// </summary>
    public static bool Pause(Process process) => Send(process, Number("STOP")) && !process.HasExited;

    /// <summary>Lets a process stopped by <see cref="Pause"/> go on (SIGCONT); a signal sent meanwhile is delivered then.</summary>
    public static void Resume(Process process) => Assert.True(Send(process, Number("CONT")), "the paused process was not there to go on");

    private static bool Send(Process process, int signal) => kill(process.Id, signal) == 0;

    /// <summary>The signals the tests send, by the names <c>kill -s</c> takes; their numbers on x86-64 and arm64 Linux.</summary>
    private static int Number(string signal) => signal switch
    {
        "HUP" => 1,
        "INT" => 2,
        "KILL" => 9,
        "TERM" => 15,
        "CONT" => 18,
        "STOP" => 19,
        _ => throw new ArgumentException($"No signal named '{signal}' is known to the tests.", nameof(signal)),
    };

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>
    /// The kernel function each of the process's threads waits in (<c>/proc/PID/task/*/wchan</c>: "wait_for_partner" in open(2)
    /// of a FIFO, "pipe_write" in a write to a full one), leaving out the runtime's debugger pipe, which waits for its partner too.
    /// </summary>
    public static IEnumerable<string> WaitChannels(Process process) =>
        Directory.EnumerateDirectories($"/proc/{process.Id}/task")
            .Where(t => !Read(Path.Combine(t, "comm")).StartsWith(".NET DebugPipe", StringComparison.Ordinal))
            .Select(t => Read(Path.Combine(t, "wchan")));

    /// <summary>Until one of the process's threads waits in the kernel function named (<see cref="WaitChannels"/>), within <paramref name="bound"/>.</summary>
    /// <param name="where">Where it waits, in words, for the failure's message ("in write(2) with standard output's pipe full").</param>
    public static async Task UntilAThreadWaitsAsync(Process process, string function, string where, Task<string> error, TimeSpan bound)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) Assert.Fail($"the command ended ({process.ExitCode}) before it waited {where}: {await error}");
            if (WaitChannels(process).Any(w => w.Contains(function, StringComparison.Ordinal))) return;
            if (waited.Elapsed > bound) { process.Kill(); Assert.Fail($"the command did not wait {where} within {bound}"); }
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// One signal (kill's exit code 0), and the process ends by itself: ending at all is what is proved (a process stalled in
    /// write(2) never did), so the wait is only a guard against hanging (<see cref="LedgerCli.HangGuard"/>; it was 10 s until
    /// round 52, a verdict on speed that a loaded machine can miss). Past it the process is killed and the test fails.
    /// </summary>
    public static async Task SignalledAndEndedAsync(Process process, string signal, Task<string> error)
    {
        Assert.Equal(0, await SendAsync(process, signal));
        try
        {
            await process.WaitForExitAsync().WaitAsync(LedgerCli.HangGuard);
        }
        catch (TimeoutException)
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Fail($"the command had not ended {LedgerCli.HangGuard} after SIG{signal}; it said: {await error}");
        }
    }

    private static string Read(string file)
    {
        try { return File.ReadAllText(file).Trim(); }
        catch (IOException) { return ""; } // a thread that ended
    }
}
