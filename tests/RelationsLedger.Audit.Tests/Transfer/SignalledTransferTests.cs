using System.Diagnostics;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Audit.Import;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// <c>ledger import</c> and <c>ledger export -o FILE</c> as real processes, stopped by the signals a user or a supervisor
/// sends — Ctrl+C (SIGINT), <c>kill</c>, <c>timeout</c>, <c>docker stop</c> (SIGTERM) — at a moment the process shows: the
/// import's first batch in the store, the export's unfinished file beside FILE. Each stops by itself, says so (exit code 130),
/// and leaves what docs/audit.md promises. Before, either signal ended the process where it stood: nothing said, no file
/// removed (System.CommandLine 2.0.0 no longer turns them into the command's cancellation by default).
/// </summary>
public sealed partial class SignalledTransferTests : IDisposable
{
    private const int Relationships = 3, PerRelationship = 8_000; // 24,000 events: three append batches of InterruptedImportTests.Batch

    /// <summary>
    /// How long a signalled process may take to end: only a guard against hanging, far above what a loaded machine needs (an
    /// import finishes the batch it is appending first). What each test proves is the exit code, the words and the files.
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task An_import_stopped_by_ctrl_c_while_appending_says_how_many_events_it_recorded_and_they_verify()
    {
        // 48,000 events, five append batches. Once the first is seen committed, the test takes the store's write lock in the
        // first gap between two batches and holds it while it presses Ctrl+C: the import's next batch waits for the lock, so
        // what it has recorded when the signal lands is what the store held when the lock was taken, however long the `kill`
        // process and the signal take (before round 52 the signal had to land before the last batch committed: a race).
        const int relationships = 2 * Relationships;
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), relationships, PerRelationship, new DateOnly(1990, 1, 1));
        var (export, store) = (_folder.File("export.ndjson"), _folder.File("target.db"));
        await File.WriteAllBytesAsync(export, file);

        using var process = LedgerCli.Start(_folder.Path, InterruptedImportTests.BatchOfProcess, ["--store", store, "import", export]);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        while (!process.HasExited && await RecordedInFile.CountAsync(store) == 0) await Task.Delay(2);
        var (held, committed) = await RecordedInFile.HoldBetweenWritesAsync(store, process);
        await using (held)
        {
            Assert.True(held is not null && committed is > 0 and < relationships * PerRelationship,
                $"{committed} events recorded when the test could take the store's lock (the import {(process.HasExited ? $"ended {process.ExitCode}" : "runs")}): it was not stopped mid-append");
            await SignalAsync(process, "INT"); // Ctrl+C, between two batches: the next one waits for the lock
            await process.WaitForExitAsync().WaitAsync(HangGuard);
        }
        var said = await error + await output;

        var kept = await RecordedInFile.CountAsync(store);
        Assert.Equal(committed, kept); // nothing of the batch that waited
        Assert.Equal(130, process.ExitCode);
        var cancelled = CancelledAfter().Match(said);
        Assert.True(cancelled.Success, $"the import did not say what it recorded: '{said}'");
        var reported = long.Parse(cancelled.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(kept == reported, $"said {reported} recorded, the store holds {kept}");
        Assert.Equal(0, kept % InterruptedImportTests.Batch); // whole batches
        var verify = await LedgerCli.RunAsync("--store", store, "verify");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
    }

    [Fact]
    public async Task An_export_stopped_by_sigterm_leaves_no_file_behind_and_says_it_was_cancelled()
    {
        var file = await InterleavedExport.SharedAsync(Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        var (store, target) = (_folder.File("copy.db"), Path.Combine(_folder.Path, "out", "ledger.ndjson"));
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "import", await WriteAsync(file))).ExitCode);
        var folder = Directory.CreateDirectory(Path.GetDirectoryName(target)!).FullName;

        // The export is stopped (SIGSTOP) by the watcher's own thread as its unfinished file appears, and signalled while it stands
        // there: it cannot finish first, however loaded the machine (before, the test polled for the file on the thread pool and
        // then started `kill`: a 24,000-event export sometimes ended first while the whole suite ran).
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        var paused = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(folder) { EnableRaisingEvents = true };
        watcher.Created += (_, _) => paused.TrySetResult(ProcessSignals.Pause(started.Task.Result));
        using var process = LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), ["--store", store, "export", "-o", target]);
        started.SetResult(process);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(await paused.Task.WaitAsync(HangGuard), "the export ended before it could be stopped with its file begun");
        Assert.Single(Directory.EnumerateFiles(folder)); // its unfinished file, not yet FILE
        await SignalAsync(process, "TERM");
        ProcessSignals.Resume(process);
        await process.WaitForExitAsync().WaitAsync(HangGuard);
        var said = await error + await output;

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(target)!)); // neither FILE nor its unfinished .FILE.….partial
        Assert.Equal(130, process.ExitCode);
        Assert.StartsWith("Cancelled", said, StringComparison.Ordinal);
    }

    /// <summary>
    /// Standard output cannot be taken back: a cancelled export leaves there its events up to the end of a line, which an
    /// import at the pipe's other end takes for a whole export of fewer events. Before, it said only "Cancelled.".
    /// </summary>
    [Fact]
    public async Task An_export_to_standard_output_stopped_by_sigterm_says_that_what_it_wrote_is_incomplete()
    {
        var file = await InterleavedExport.SharedAsync(Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        var store = _folder.File("copy.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "import", await WriteAsync(file))).ExitCode);

        using var process = LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), ["--store", store, "export"]);
        var error = process.StandardError.ReadToEndAsync();
        var first = new char[1];
        Assert.Equal(1, await process.StandardOutput.ReadAsync(first)); // it has begun writing
        await SignalAsync(process, "TERM");
        var rest = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(HangGuard);

        Assert.True(rest.Count(c => c == '\n') < Relationships * PerRelationship, "the export ended before it was stopped");
        Assert.Equal(130, process.ExitCode);
        Assert.StartsWith("Cancelled: what was written to standard output is incomplete.", await error, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(byte[] file)
    {
        var path = _folder.File("export.ndjson");
        await File.WriteAllBytesAsync(path, file);
        return path;
    }

    /// <summary>Sends the process a signal by name; the process must still be there to take it.</summary>
    private static async Task SignalAsync(Process process, string signal) => Assert.Equal(0, await ProcessSignals.SendAsync(process, signal));

    [GeneratedRegex(@"The import was cancelled after (\d+) of 48000 events were recorded")]
    private static partial Regex CancelledAfter();

    public void Dispose() => _folder.Dispose();
}
