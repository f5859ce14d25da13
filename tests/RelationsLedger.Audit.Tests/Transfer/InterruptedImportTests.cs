using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// An import stopped while appending (Ctrl+C) keeps the batches it committed, whole and verifying, and
/// nothing of the batch in flight; the same import run again skips them and completes.
/// </summary>
public sealed class InterruptedImportTests : IDisposable
{
    private const int Relationships = 3, PerRelationship = 8_000; // 24,000 events: three append batches
    private readonly TempFolder _folder = new();

    private async Task<byte[]> ExportAsync()
    {
        await using var source = await TestLedger.OpenAsync(_folder.File("source.db"));
        var heads = new Dictionary<string, string?>();
        var provenance = new Provenance("auditor@example.org", [new Source("Reuters", "Reporting", null, null, null)], Guid.NewGuid(), Guid.NewGuid());
        var appends = new List<StreamAppend>();
        for (var i = 0; i < PerRelationship; i++)
            for (var r = 0; r < Relationships; r++)
            {
                var key = RelationshipKey.Of("RU", $"org-{r}");
                var e = new StatementMade("RU", $"org-{r}", "Envoy", Stance.Partner, $"Statement {i}.");
                var (data, hash) = RelationshipRepository.Seal(key.StreamName, Guid.NewGuid(), e, PartialDate.OfDay(new DateOnly(1990, 1, 1).AddDays(i)), provenance, heads.GetValueOrDefault(key.StreamName));
                heads[key.StreamName] = hash;
                appends.Add(new(key.StreamName, ExpectedRevision.Any, [data]));
            }
        await source.Store.AppendManyAsync(appends);
        using var export = new MemoryStream();
        await source.Send(new ExportEvents(export));
        return export.ToArray();
    }

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
        var file = await ExportAsync();
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
