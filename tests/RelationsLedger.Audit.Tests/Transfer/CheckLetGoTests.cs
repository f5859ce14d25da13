using RelationsLedger.Application.Audit.Import;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// Issue #16, goal 3 (round 61): what an import's check built to decide the file — every relationship's timeline as the file
/// leaves it, a record per event id — is not held through the appends, which need only the checked events (in the spill)
/// and the counts. Before, the check's objects were locals of the handler's one async method and lived as long as it did:
/// 517 MB of live heap at the appends' start at 1M events, under the store's page cache for the bulk. Alone in its
/// collection: the heap measured is the process's, and other tests' work would be counted with the import's.
/// </summary>
[Collection(nameof(ProcessHeap))]
public sealed class CheckLetGoTests : IDisposable
{
    private const int Relationships = 3, PerRelationship = 8_000; // 24,000 events, as InterruptedImportTests' file
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The live heap (after a full collection) as the import reports its phases, from its own thread.</summary>
    private sealed class LiveHeap : IProgress<ImportProgress>
    {
        public long CheckDone { get; private set; }
        public long? AppendsStart { get; private set; }

        public void Report(ImportProgress value)
        {
            if (value.Phase == ImportPhase.Checking) CheckDone = GC.GetTotalMemory(forceFullCollection: true); // the last: all decided
            else if (value is { Phase: ImportPhase.Appending, Done: 0 }) AppendsStart = GC.GetTotalMemory(forceFullCollection: true);
        }
    }

    [Fact]
    public async Task The_appends_start_without_the_heap_the_check_built()
    {
        var file = await InterleavedExport.SharedAsync(Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        await using var target = await TestLedger.OpenAsync(_folder.File("target.db"));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var heap = new LiveHeap();

        var result = await target.Send(new ImportEvents(new MemoryStream(file), file.Length, heap));

        Assert.Equal(Relationships * PerRelationship, result.Imported);
        var built = heap.CheckDone - before;
        var held = heap.AppendsStart!.Value - before;
        // The check holds ~0.5 KB an event here (~12 MB); on the old code the appends started with all of it (held ≈ built).
        Assert.True(built > 4_000_000, $"the check held only {built:N0} bytes when it ended: nothing to let go of");
        Assert.True(held < built / 4, $"{held:N0} bytes more than before the import were live at the appends' start; the check held {built:N0}");
    }
}

[CollectionDefinition(nameof(ProcessHeap), DisableParallelization = true)]
public sealed class ProcessHeap;
