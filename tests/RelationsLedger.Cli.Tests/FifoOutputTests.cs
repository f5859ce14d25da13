using System.Diagnostics;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger export -o FIFO</c> and <c>ledger panel -o FIFO</c> as real processes, the FIFO's reader absent or stalled: one
/// Ctrl+C (SIGINT) ends the command, exit code 130, "Cancelled.". Before (found in round 44), the open waited in
/// open(2) for a reader, and a write whose reader had stopped reading waited in write(2); no signal wakes either, so the first
/// Ctrl+C did nothing and the second ended the process with exit 130 and no word (and SIGTERM, as a service manager sends it,
/// did nothing at all). The reader here is this test's own handle opened read-write, which on Linux never waits in open(2).
/// </summary>
public sealed class FifoOutputTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = LedgerCli.HangGuard; // a guard against hanging only (60 s until round 52)
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");
    private string Fifo => _folder.File("output.fifo");

    /// <summary>Each writes more than a pipe holds (64 KiB) and the file's buffer (64 KiB): the US missions' export is 690 KB, the panel 3 MB.</summary>
    public static TheoryData<string[]> Writers => new()
    {
        new[] { "export" },
        new[] { "panel", "--from", "2020-01-01", "--to", "2024-12-31", "--every", "month" },
    };

    public async Task InitializeAsync()
    {
        var missions = await LedgerCli.RunAsync("--store", Store, "import-us-missions", "--file", Path.Combine(SharedData.Folder("us-missions"), "transitions.csv"));
        Assert.True(missions.ExitCode == 0, $"exit {missions.ExitCode}: {missions.Out}{missions.Error}");
        var state = await LedgerCli.RunAsync("--store", Store, "state", "US", "FR", "--as-of", "2024-01-01");
        Assert.True(state.ExitCode == 0, state.Error); // the read model made: the panel reads it at once
        using var mkfifo = Process.Start("mkfifo", [Fifo])!;
        await mkfifo.WaitForExitAsync();
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Ctrl_c_while_no_reader_has_opened_the_fifo_ends_the_command_at_once(string[] writer)
    {
        using var process = Start(writer);
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await UntilAThreadWaitsAsync(process, "wait_for_partner", "in open(2) for the FIFO's reader", error);

        await StoppedByCtrlCAsync(process, output, error);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Ctrl_c_while_the_fifo_s_reader_keeps_it_open_and_reads_nothing_ends_the_command_at_once(string[] writer)
    {
        await using var reader = new FileStream(Fifo, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        using var process = Start(writer);
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await UntilAThreadWaitsAsync(process, "pipe_write", "in write(2) with the FIFO full", error);

        await StoppedByCtrlCAsync(process, output, error);
        Assert.Equal(["ledger.db", "ledger.projections.db", "output.fifo"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName)
            .Where(f => !f!.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Found in round 45: <c>ledger export | consumer</c> whose consumer stopped reading (stalled, not gone) and then SIGTERM (a
    /// service manager, <c>timeout</c>): the export went on waiting in write(2), and 20 s later it still ran, saying nothing. Now
    /// it ends within seconds, exit 130, saying what it left on standard output.
    /// </summary>
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_while_standard_output_s_reader_reads_nothing_ends_the_export_saying_it_is_incomplete(string signal)
    {
        using var process = LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), ["--store", Store, "export"]);
        var error = process.StandardError.ReadToEndAsync(); // standard output: a pipe this test never reads
        await UntilAThreadWaitsAsync(process, "pipe_write", "in write(2) with standard output's pipe full", error);

        await ProcessSignals.SignalledAndEndedAsync(process, signal, error);
        Assert.Equal(130, process.ExitCode);
        Assert.StartsWith("Cancelled: what was written to standard output is incomplete.", (await error).Trim(), StringComparison.Ordinal);
    }

    private Process Start(string[] writer) => LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), ["--store", Store, .. writer, "-o", Fifo]);

    private static Task UntilAThreadWaitsAsync(Process process, string function, string where, Task<string> error) =>
        ProcessSignals.UntilAThreadWaitsAsync(process, function, where, error, Bound);

    /// <summary>One Ctrl+C, as the terminal sends it: the process ends within 10 s by itself, exit 130, saying "Cancelled.".</summary>
    private static async Task StoppedByCtrlCAsync(Process process, Task<string> output, Task<string> error)
    {
        await ProcessSignals.SignalledAndEndedAsync(process, "INT", error);
        Assert.Equal(130, process.ExitCode);
        Assert.Equal("Cancelled.", (await error).Trim());
        Assert.Equal("", await output);
    }
}
