using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// An import stopped while appending (Ctrl+C) keeps the batches it committed, whole and verifying, and
/// nothing of the batch in flight; the same import run again skips them and completes.
/// </summary>
public sealed class InterruptedImportTests : IDisposable
{
    private const int Relationships = 3, PerRelationship = 8_000; // 24,000 events: three append batches
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
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        await using var target = await TestLedger.OpenAsync(_folder.File("target.db"));
        using var cts = new CancellationTokenSource();
        var stop = new StopAfterFirstBatch(cts);
        using var scope = target.Services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mediator.Send(new ImportEvents(new MemoryStream(file), file.Length, stop), cts.Token));

        var kept = (await target.AllEvents()).Count(e => e.Stream.StartsWith("relationship-", StringComparison.Ordinal));
        Assert.True(stop.AppendedWhenStopped is >= ImportEventsHandler.BatchSize and < Relationships * PerRelationship, $"stopped after {stop.AppendedWhenStopped}");
        Assert.Equal(stop.AppendedWhenStopped, kept); // the committed batch, and nothing of the next
        var partial = await target.Send(new VerifyLedger());
        Assert.True(partial.Ok, string.Join("\n", partial.Findings));

        var rerun = await target.Send(new ImportEvents(new MemoryStream(file), file.Length));
        Assert.Equal(Relationships * PerRelationship - kept, rerun.Imported);
        var complete = await target.Send(new VerifyLedger());
        Assert.True(complete.Ok, string.Join("\n", complete.Findings));
        Assert.Equal(Relationships * PerRelationship, complete.Events);
    }

    public void Dispose() => _folder.Dispose();
}
