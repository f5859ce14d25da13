using System.Diagnostics;
using System.Globalization;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>timeout</c> (coreutils), which README names among the ways to cancel a command, sends its signal twice: to the command,
/// then to the process group it made for it, which holds the command too. The ledger took the second as a user's second
/// Ctrl+C and ended at once (exit 143, no word) — a race with the first one's cancellation, lost in about half the runs of
/// round 64 (<c>timeout 12 ledger import FIFO</c>), where an export's unfinished file would be left behind. One burst of
/// signals is one request: the command stops by itself, exit 130, saying so. Real processes: <c>timeout</c> is signalled
/// itself (it forwards the signal the same way as when its time is up), once the command waits in open(2) for the FIFO's writer.
/// Whether the kernel delivers the two copies apart (the second after the first was handled) or as one is a race, so the test
/// runs it <see cref="Runs"/> times: on main one run in 3 to 16 failed (load 5–30).
/// </summary>
public sealed class TimeoutSignalTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3); // far above what a loaded machine needs: a guard against hanging
    private readonly TempFolder _folder = new();

    private const int Runs = 30;

    [Fact]
    public async Task A_command_stopped_by_timeout_ends_by_itself_saying_so()
    {
        for (var run = 0; run < Runs; run++) await StoppedByTimeoutAsync(run);
    }

    private async Task StoppedByTimeoutAsync(int run)
    {
        var fifo = _folder.File($"input-{run}.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        var start = new ProcessStartInfo("timeout") { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["600", "dotnet", Path.Combine(AppContext.BaseDirectory, "ledger.dll"), "--store", _folder.File($"ledger-{run}.db"), "import", fifo])
            start.ArgumentList.Add(a);
        start.Environment.Remove("RELATIONSLEDGER_STORE");
        start.Environment.Remove("RELATIONSLEDGER_READ_MODEL");
        using var timeout = Process.Start(start)!;
        var (output, error) = (timeout.StandardOutput.ReadToEndAsync(), timeout.StandardError.ReadToEndAsync());
        using var ledger = await ChildAsync(timeout, error);
        await ProcessSignals.UntilAThreadWaitsAsync(ledger, "wait_for_partner", "in open(2) for the FIFO's writer", error, Bound);

        await ProcessSignals.SendAsync(timeout, "TERM");

        try
        {
            await timeout.WaitForExitAsync().WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            ledger.Kill();
            Assert.Fail($"the import did not end within {Bound} of timeout's signal: {await error}");
        }
        Assert.True(timeout.ExitCode == 130, $"run {run}: timeout ended {timeout.ExitCode} (the import's status, 143 when a signal ended it): '{await error}'");
        Assert.Equal("Cancelled; nothing was recorded.", (await error).Trim());
        Assert.Equal("", await output);
    }

    /// <summary>The process <c>timeout</c> started (its one child), once it is there.</summary>
    private static async Task<Process> ChildAsync(Process timeout, Task<string> error)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (timeout.HasExited) Assert.Fail($"timeout ended ({timeout.ExitCode}) before its command waited: {await error}");
            var children = Directory.EnumerateDirectories($"/proc/{timeout.Id}/task")
                .SelectMany(t => File.Exists(Path.Combine(t, "children")) ? File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
                .ToList();
            if (children.Count > 0) return Process.GetProcessById(int.Parse(children[0], CultureInfo.InvariantCulture));
            if (waited.Elapsed > Bound) { timeout.Kill(); Assert.Fail($"timeout started no command within {Bound}"); }
            await Task.Delay(20);
        }
    }

    public void Dispose() => _folder.Dispose();
}
