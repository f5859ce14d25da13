using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// An import into the cluster while its leader is killed: the import stops with a retriable error — the store is
/// unavailable, or, once batches were appended, the import was interrupted after a number of events it names — or rides
/// through; run again it skips what was imported and completes; every event is there once and verify is OK.
/// </summary>
public sealed class ImportFailoverTests
{
    private const int Relationships = 60;
    private const int PerRelationship = 10;

    private sealed class OnProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    [SkippableFact]
    public async Task An_import_interrupted_by_a_failover_completes_when_run_again_and_verifies()
    {
        var (cs, kill, restart) = ClusterUnderTest.RequireFailover();
        var run = Guid.NewGuid().ToString("N")[..8];
        var parties = Enumerable.Range(0, Relationships).Select(i => ($"im{run}-r{i}", $"im{run}-x")).ToList();

        // The export of an embedded ledger, relationships interleaved so that each line is its own append.
        byte[] export;
        await using (var source = await TestLedger.OpenAsync())
        {
            for (var n = 0; n < PerRelationship; n++)
                foreach (var (a, b) in parties)
                    await source.Send(TestLedger.Sourced(new HoldEngagement(a, b, "meeting", $"meeting {n}"), "2025-01-01") with { CommandId = Guid.NewGuid() });
            using var file = new MemoryStream();
            await source.Send(new ExportEvents(file));
            export = file.ToArray();
        }

        await using var ledger = await TestLedger.OpenAsync(cs);
        var appending = new TaskCompletionSource();
        var progress = new OnProgress(p => { if (p.Phase == ImportPhase.Appending && p.Done >= 100) appending.TrySetResult(); });
        var (runs, failures) = (0, new List<string>());
        ImportResult? result = null;

        async Task ImportAsync(CancellationToken _)
        {
            while (result is null && runs < 10)
            {
                runs++;
                try
                {
                    result = await ledger.Send(new ImportEvents(new MemoryStream(export), export.Length, progress), CancellationToken.None); // runs to its end across the failover
                }
                catch (StoreUnavailableException e) // before anything was appended
                {
                    failures.Add(e.Message);
                    await Task.Delay(500, CancellationToken.None);
                }
                catch (ImportInterruptedException e) when (e.Stop == ImportStop.StoreFailed && e.InnerException is StoreUnavailableException)
                {
                    // After some batches were appended: the message says how many are recorded, and to run it again.
                    Assert.Contains($"after {e.Imported} of {PerRelationship * Relationships} events, which are recorded", e.Message, StringComparison.Ordinal);
                    failures.Add(e.Message);
                    await Task.Delay(500, CancellationToken.None);
                }
            }
        }

        await new Failover(kill, restart, cs) { After = TimeSpan.Zero }.RunAsync(ImportAsync, () => appending.Task);
        while (result is null && runs < 10) await ImportAsync(default);

        Assert.NotNull(result);
        foreach (var (a, b) in parties)
        {
            var stored = await ledger.Store.ReadStreamAsync(RelationshipKey.Of(a, b).StreamName, ReadDirection.Forwards, null, 100).Select(e => e.EventId).ToListAsync();
            Assert.Equal(PerRelationship, stored.Count);
            Assert.Equal(PerRelationship, stored.Distinct().Count());
            var report = await ledger.Send(new VerifyLedger(a, b));
            Assert.True(report.Ok, string.Join("; ", report.Findings));
        }
    }
}
