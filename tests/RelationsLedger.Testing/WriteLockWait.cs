using System.Diagnostics;
using System.Globalization;

namespace RelationsLedger.Testing;

/// <summary>
/// Whether a <c>ledger</c> process has reached the embedded store's wait for its write lock, seen through the kernel: SQLite
/// takes that lock as a write lock on byte 120 of the store's <c>-shm</c> file (its WAL-index's WRITER lock, SQLite's file
/// format), with a non-blocking <c>fcntl(F_SETLK)</c> that is refused (EAGAIN) while another connection holds it, and tried
/// again every 150 ms. <c>strace</c> attached to the process prints that refusal. No other clock or sign tells it: a process
/// that has the store open may still be deciding (before round 52 the tests waited until it had the store open and a second
/// more, and a single <c>record</c> was signalled before its wait: it had opened and closed the store once, and ended 130
/// through an earlier cancellation, which proved nothing of the wait). Linux, with strace (Debian's package), allowed to
/// attach (root, or Yama's ptrace_scope 0): otherwise the test is skipped, never passed.
/// </summary>
public static class WriteLockWait
{
    private const string Strace = "/usr/bin/strace";

    /// <summary>Why the wait cannot be seen here, or null.</summary>
    public static string? WhyNot { get; } = !OperatingSystem.IsLinux() ? "strace and fcntl locks are Linux's"
        : !File.Exists(Strace) ? $"strace is not installed ({Strace}): apt-get install -y strace" : null;

    public static void Require() => Skip.If(WhyNot is not null, WhyNot);

    /// <summary>
    /// Until <paramref name="process"/> has been refused the write lock of <paramref name="store"/> at least once: from then on
    /// it is in the store's wait for the lock (GroupWriter.BeginAsync), which it leaves only with the lock, at its 30 s, or
    /// cancelled. strace is detached before this returns, so the process runs on as it would have.
    /// </summary>
    /// <param name="guard">Only against hanging: a process that has not reached the wait by then never will.</param>
    public static async Task UntilRefusedAsync(Process process, string store, Task<string> error, TimeSpan guard)
    {
        var shm = Path.GetFullPath(store) + "-shm";
        var start = new ProcessStartInfo(Strace) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-f", "-qq", "-e", "trace=fcntl", "-P", shm, "-p", process.Id.ToString(CultureInfo.InvariantCulture)])
            start.ArgumentList.Add(a);
        using var strace = Process.Start(start)!;
        _ = strace.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(guard);
        var seen = new List<string>();
        try
        {
            while (await strace.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                if (IsRefusedWriteLock(line)) return;
                if (seen.Count < 20) seen.Add(line);
            }
            // Not root and not the process's parent, under Yama's ptrace_scope 1 (Ubuntu's default): skipped, never passed.
            Skip.If(seen.Any(l => l.Contains("ptrace", StringComparison.Ordinal) && l.Contains("Operation not permitted", StringComparison.Ordinal)),
                $"strace may not attach to another process here: {string.Join(" ", seen)}");
            Assert.Fail($"strace ended ({await ExitOf(strace)}) before the process was refused the store's write lock; " +
                $"the process {(process.HasExited ? $"ended {process.ExitCode}: {await error}" : "runs")}; strace said: {string.Join("\n", seen)}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"the process was not refused the store's write lock within {guard}; strace said: {string.Join("\n", seen)}");
        }
        finally
        {
            // SIGTERM: strace detaches from every thread it traces and ends; the process goes on untraced.
            if (!strace.HasExited) await ProcessSignals.SendAsync(strace, "TERM");
            await strace.WaitForExitAsync();
        }
    }

    /// <summary>"fcntl(7, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=120, l_len=1}) = -1 EAGAIN (…)".</summary>
    private static bool IsRefusedWriteLock(string line) =>
        line.Contains("F_SETLK,", StringComparison.Ordinal) && line.Contains("l_type=F_WRLCK", StringComparison.Ordinal)
        && line.Contains("l_start=120,", StringComparison.Ordinal) && line.Contains("= -1 EAGAIN", StringComparison.Ordinal);

    private static async Task<string> ExitOf(Process strace)
    {
        await strace.WaitForExitAsync();
        return $"exit {strace.ExitCode}";
    }
}
