using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The four commands that read a file a user names (import, verify --file, record-batch, import-us-missions --file) given a FIFO,
/// as real processes: Ctrl+C (SIGINT) while no writer has opened the FIFO, or while its writer keeps it open and writes nothing
/// more, ends the command at once with its "Cancelled" line and exit code 130, the ledger's files as they were. Before, the
/// command waited in open(2) or read(2), which no signal wakes: the first Ctrl+C did nothing, and the second ended the process
/// with exit 130 and no word. The writer here is this test's own handle opened read-write, which on Linux never waits for the
/// other end: a test that opens a FIFO only for writing waits in open(2) for a reader, uncancellable, and hangs its host if the
/// command never opens it. "At once" needs no clock: before, the command never ended by itself after one Ctrl+C (it waited
/// in open(2) or read(2) for good), so ending at all with 130 and its "Cancelled" line is the proof; <see cref="Bound"/> only
/// keeps a command that does not end from hanging the run.
/// </summary>
public sealed class FifoInputTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3); // far above what a loaded machine needs: a guard against hanging
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");
    private string Fifo => _folder.File("input.fifo");

    public static TheoryData<string> Commands => ["import", "verify", "record-batch", "import-us-missions"];

    private string[] Arguments(string command) => command switch
    {
        "import" => ["--store", Store, "import", Fifo],
        "verify" => ["--store", Store, "verify", "--file", Fifo],
        "record-batch" => ["--store", Store, "record-batch", Fifo],
        _ => ["--store", Store, "import-us-missions", "--file", Fifo],
    };

    private static string Cancelled(string command) => command == "verify" ? "Cancelled." : "Cancelled; nothing was recorded.";

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Ctrl_c_while_no_writer_has_opened_the_fifo_ends_the_command_at_once_having_changed_nothing(string command)
    {
        var before = await LedgerWithOneEventAsync();
        using var process = Start(command);
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await WaitingForAWriterAsync(process, command, error);

        await StoppedByCtrlCAsync(process, command, output, error, before);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Ctrl_c_while_the_fifo_s_writer_keeps_it_open_and_writes_nothing_more_ends_the_command_at_once(string command)
    {
        var before = await LedgerWithOneEventAsync();
        using var process = Start(command);
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await using var writer = OpenWriter();
        await writer.WriteAsync("{\"command\": \"impo"u8.ToArray());
        await writer.FlushAsync();
        await OpenedAsync(process, command, error);
        await Task.Delay(TimeSpan.FromSeconds(1)); // it has read what there was and waits for more

        await StoppedByCtrlCAsync(process, command, output, error, before);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_fifo_whose_writer_writes_half_a_line_and_closes_is_refused_as_such_having_changed_nothing(string command)
    {
        var before = await LedgerWithOneEventAsync();
        using var process = Start(command);
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await using (var writer = OpenWriter())
        {
            await writer.WriteAsync("{\"command\": \"impo"u8.ToArray());
            await writer.FlushAsync();
            await OpenedAsync(process, command, error); // closed only once the command has it open: a FIFO keeps nothing for a reader to come
        }

        await WithinBoundAsync(process, command, "after its writer closed the FIFO", error);

        var said = await error;
        Assert.True(process.ExitCode == 2, $"'{command}' ended {process.ExitCode}: {said}");
        Assert.Contains("line 1", said, StringComparison.Ordinal);
        Assert.Equal("", await output);
        Assert.Equal(before, Files());
    }

    /// <summary>A store with one event and its read model, this process's connections to them closed: the files as they are.</summary>
    private async Task<IReadOnlyDictionary<string, string>> LedgerWithOneEventAsync()
    {
        var recorded = await LedgerCli.RunAsync("--store", Store, "record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
            "--list", "Federal list", "--authority", "Supreme Court", "--on", "2003-02-14", "--source", "publisher=Reuters;title=Ruling;published=2003-02");
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        var state = await LedgerCli.RunAsync("--store", Store, "state", "RU", "taliban", "--as-of", "2004-01-01");
        Assert.True(state.ExitCode == 0, state.Error); // the read model made
        SqliteConnection.ClearAllPools();
        using (var mkfifo = Process.Start("mkfifo", [Fifo])) await mkfifo.WaitForExitAsync();
        return Files();
    }

    /// <summary>
    /// Every file of the folder but the FIFO, by its digest: nothing created, nothing changed. A store opened (verify opens
    /// it before its file) leaves its SQLite index (-shm) and an empty log (-wal): nothing written.
    /// </summary>
    private Dictionary<string, string> Files() => Directory.EnumerateFiles(_folder.Path)
        .Where(f => f != Fifo && !f.EndsWith("-shm", StringComparison.Ordinal) && !(f.EndsWith("-wal", StringComparison.Ordinal) && new FileInfo(f).Length == 0))
        .ToDictionary(f => Path.GetFileName(f)!, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private Process Start(string command) => LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), Arguments(command));

    /// <summary>This test's end of the FIFO, opened read-write: never waits in open(2), and counts as its writer.</summary>
    private FileStream OpenWriter() => new(Fifo, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);

    /// <summary>Until one of the process's threads waits in open(2) for the FIFO's writer (the runtime's debugger pipe waits so too: not counted).</summary>
    private static async Task WaitingForAWriterAsync(Process process, string command, Task<string> error)
    {
        var waited = Stopwatch.StartNew();
        while (!ProcessSignals.WaitChannels(process).Contains("wait_for_partner", StringComparer.Ordinal))
        {
            if (process.HasExited) Assert.Fail($"'{command}' ended ({process.ExitCode}) before it waited for the FIFO's writer: {await error}");
            if (waited.Elapsed > Bound) { process.Kill(); Assert.Fail($"'{command}' did not wait for the FIFO's writer within {Bound}"); }
            await Task.Delay(20);
        }
    }

    /// <summary>Until the process has the FIFO open.</summary>
    private async Task OpenedAsync(Process process, string command, Task<string> error)
    {
        var waited = Stopwatch.StartNew();
        while (!Directory.EnumerateFiles($"/proc/{process.Id}/fd").Any(fd => new FileInfo(fd).LinkTarget == Fifo))
        {
            if (process.HasExited) Assert.Fail($"'{command}' ended ({process.ExitCode}) before it opened the FIFO: {await error}");
            if (waited.Elapsed > Bound) { process.Kill(); Assert.Fail($"'{command}' did not open the FIFO within {Bound}"); }
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// One Ctrl+C (SIGINT, as the terminal sends it): the process must end by itself, exit 130, with the command's "Cancelled"
    /// line alone, and every file as it was.
    /// </summary>
    private async Task StoppedByCtrlCAsync(Process process, string command, Task<string> output, Task<string> error, IReadOnlyDictionary<string, string> before)
    {
        await ProcessSignals.SendAsync(process, "INT");
        await WithinBoundAsync(process, command, "after one Ctrl+C", error);

        Assert.Equal(130, process.ExitCode);
        Assert.Equal(Cancelled(command), (await error).Trim());
        Assert.Equal("", await output);
        Assert.Equal(before, Files());
    }

    /// <summary>The process's end, or the test fails naming the command (and ends the process, so nothing is left running).</summary>
    private static async Task WithinBoundAsync(Process process, string command, string when, Task<string> error)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(Bound);
            Assert.Fail($"'{command}' did not end within {Bound} {when}; it said: {await error}");
        }
    }

    public void Dispose() => _folder.Dispose();
}
