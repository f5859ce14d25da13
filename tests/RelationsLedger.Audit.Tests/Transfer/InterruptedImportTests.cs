using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// An import stopped while appending (Ctrl+C) keeps the batches it committed, whole and verifying, and
/// nothing of the batch in flight; the same import run again skips them and completes. The imports of 24,000 events are given
/// batches of <see cref="Batch"/> (<see cref="ImportEvents.BatchSize"/>, <c>LEDGER_IMPORT_BATCH_SIZE</c> for a process), so that
/// they stop between batches; one import is stopped after its first batch of the size users have.
/// </summary>
public sealed class InterruptedImportTests : IDisposable
{
    private const int Relationships = 3, PerRelationship = 8_000; // 24,000 events: three append batches of Batch

    /// <summary>The batch size these imports are given: the default's tenth, 10,000 (the default before round 62).</summary>
    internal const int Batch = ImportEventsHandler.BatchSize / 10;

    /// <summary>What a <c>ledger import</c> process is given for its batches to be <see cref="Batch"/>.</summary>
    internal static Dictionary<string, string?> BatchOfProcess => new() { [ImportEvents.BatchSizeVariable] = Batch.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    private readonly TempFolder _folder = new();

    /// <summary>Cancels the import as soon as it reports its first appended batch.</summary>
    private sealed class StopAfterFirstBatch(CancellationTokenSource cts) : IProgress<ImportProgress>
    {
        public long AppendedWhenStopped { get; private set; }

        public void Report(ImportProgress value)
        {
            if (value is not { Phase: ImportPhase.Appending, Done: > 0 } || cts.IsCancellationRequested) return;
            AppendedWhenStopped = value.Done;
            cts.Cancel();
        }
    }

    [Fact]
    public async Task An_import_stopped_mid_append_keeps_whole_verified_batches_and_completes_when_run_again()
    {
        var file = await InterleavedExport.SharedAsync(Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        await using var target = await TestLedger.OpenAsync(_folder.File("target.db"));
        using var cts = new CancellationTokenSource();
        var stop = new StopAfterFirstBatch(cts);
        using var scope = target.Services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();

        var cancelled = await Assert.ThrowsAsync<ImportCancelledException>(() => mediator.Send(new ImportEvents(new MemoryStream(file), file.Length, stop) { BatchSize = Batch }, cts.Token));
        Assert.StartsWith($"The import was cancelled after {stop.AppendedWhenStopped} of {Relationships * PerRelationship} events were recorded", cancelled.Message, StringComparison.Ordinal);

        var kept = (await target.AllEvents()).Count(e => e.Stream.StartsWith("relationship-", StringComparison.Ordinal));
        Assert.True(stop.AppendedWhenStopped is >= Batch and < Relationships * PerRelationship, $"stopped after {stop.AppendedWhenStopped}");
        Assert.Equal(stop.AppendedWhenStopped, kept); // the committed batch, and nothing of the next
        var partial = await target.Send(new VerifyLedger());
        Assert.True(partial.Ok, string.Join("\n", partial.Findings));

        var rerun = await target.Send(new ImportEvents(new MemoryStream(file), file.Length));
        Assert.Equal(Relationships * PerRelationship - kept, rerun.Imported);
        var complete = await target.Send(new VerifyLedger());
        Assert.True(complete.Ok, string.Join("\n", complete.Findings));
        Assert.Equal(Relationships * PerRelationship, complete.Events);
    }

    [SkippableFact]
    public async Task An_import_whose_disk_fills_up_says_how_many_events_it_recorded_and_they_verify()
    {
        SmallDisk.Require();
        var file = await InterleavedExport.SharedAsync(Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        using var disk = new SmallDisk(24 * 1024); // room for the first batch of 10,000 events (and its log), not for 24,000
        await using var target = await TestLedger.OpenAsync(disk.File("target.db"));

        var stopped = await Assert.ThrowsAsync<ImportInterruptedException>(() => target.Send(new ImportEvents(new MemoryStream(file), file.Length) { BatchSize = Batch }));

        Assert.Equal(ImportStop.StoreFailed, stopped.Stop);
        Assert.True(stopped.Imported is >= Batch and < Relationships * PerRelationship, stopped.Message);
        Assert.StartsWith($"The import stopped after {stopped.Imported} of {Relationships * PerRelationship} events, which are recorded", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("the disk is full", stopped.Message, StringComparison.Ordinal); // before: "… Nothing was recorded." and no more
        var kept = await target.Send(new VerifyLedger());
        Assert.True(kept.Ok, string.Join("\n", kept.Findings));
        Assert.Equal(stopped.Imported, kept.Events);
    }

    [Fact]
    public async Task An_import_killed_mid_append_keeps_whole_batches_that_verify_and_completes_when_run_again()
    {
        // SIGKILL, as a crash or the out-of-memory killer ends a process: no cancellation reaches the import, no last write.
        var file = await InterleavedExport.SharedAsync(Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        var (export, store) = (_folder.File("export.ndjson"), _folder.File("target.db"));
        await File.WriteAllBytesAsync(export, file);

        using var process = LedgerCli.Start(_folder.Path, BatchOfProcess, ["--store", store, "import", export, "--json"]);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        long kept = 0;
        while (!process.HasExited && (kept = await RecordedInFile.CountAsync(store)) == 0) await Task.Delay(2);
        process.Kill(); // SIGKILL on Unix
        await process.WaitForExitAsync();

        kept = await RecordedInFile.CountAsync(store);
        Assert.True(kept is > 0 and < Relationships * PerRelationship, $"{kept} events recorded when the import was killed: it was not killed mid-append");
        Assert.Equal(0, kept % Batch); // whole batches, nothing of the one in flight
        var verify = await LedgerCli.RunAsync("--store", store, "verify");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);

        await using var target = await TestLedger.OpenAsync(store);
        var rerun = await target.Send(new ImportEvents(new MemoryStream(file), file.Length));
        Assert.Equal(Relationships * PerRelationship - kept, rerun.Imported);
        var complete = await target.Send(new VerifyLedger());
        Assert.True(complete.Ok, string.Join("\n", complete.Findings));
        Assert.Equal(Relationships * PerRelationship, complete.Events);
    }

    /// <summary>
    /// At the size users have: an import of a little more than one batch, stopped as its first batch is reported committed, keeps
    /// exactly that batch, which verifies, and the same import run again appends the rest.
    /// </summary>
    [Fact]
    public async Task An_import_stopped_after_its_first_batch_of_the_default_size_keeps_exactly_that_batch_and_completes_when_run_again()
    {
        // A batch and 6,000 events more, over ten relationships: a day apart each, their dates stay in the past (three would run to 2087).
        const int relationships = 10, perRelationship = ImportEventsHandler.BatchSize / relationships + 600;
        var total = relationships * perRelationship;
        var file = await InterleavedExport.SharedAsync(relationships, perRelationship, new DateOnly(1990, 1, 1));
        await using var target = await TestLedger.OpenAsync(_folder.File("target.db"));
        using var cts = new CancellationTokenSource();
        var stop = new StopAfterFirstBatch(cts);
        using var scope = target.Services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();

        await Assert.ThrowsAsync<ImportCancelledException>(() => mediator.Send(new ImportEvents(new MemoryStream(file), file.Length, stop), cts.Token));

        var kept = (await target.AllEvents()).Count(e => e.Stream.StartsWith("relationship-", StringComparison.Ordinal));
        Assert.Equal(ImportEventsHandler.BatchSize, stop.AppendedWhenStopped); // the lines alternate relationships: runs of one event, so a batch is exactly its size
        Assert.Equal(ImportEventsHandler.BatchSize, kept);
        var partial = await target.Send(new VerifyLedger());
        Assert.True(partial.Ok, string.Join("\n", partial.Findings));

        var rerun = await target.Send(new ImportEvents(new MemoryStream(file), file.Length));
        Assert.Equal((total - kept, kept), (rerun.Imported, rerun.AlreadyPresent));
        var complete = await target.Send(new VerifyLedger());
        Assert.True(complete.Ok, string.Join("\n", complete.Findings));
        Assert.Equal(total, complete.Events);
    }

    /// <summary>A batch size a test gives a process that is not a whole number of events is refused, named, before anything is read or written.</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("ten")]
    public async Task A_process_given_a_batch_size_that_is_not_a_number_of_events_is_refused_and_writes_nothing(string given)
    {
        var (export, store) = (_folder.File("export.ndjson"), _folder.File("target.db"));
        await File.WriteAllBytesAsync(export, await InterleavedExport.SharedAsync(Relationships, PerRelationship, new DateOnly(1990, 1, 1)));

        var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { [ImportEvents.BatchSizeVariable] = given }, "--store", store, "import", export);

        Assert.Equal(RelationsLedger.Cli.Hosting.ExitCodes.Invalid, run.ExitCode);
        Assert.Contains($"{ImportEvents.BatchSizeVariable} is '{given}': it must be a whole number of events, 1 or more", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, await RecordedInFile.CountAsync(store));
    }

    public void Dispose() => _folder.Dispose();
}
