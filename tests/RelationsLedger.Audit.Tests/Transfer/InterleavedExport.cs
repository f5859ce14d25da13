using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// A large export made fast: statements RU → org-0…org-(n-1), sealed and appended in one go rather than
/// decided one command at a time, interleaved as a busy ledger records them (each relationship's events
/// spread over the whole log), then exported as NDJSON.
/// </summary>
internal static class InterleavedExport
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, int, DateOnly), Lazy<Task<byte[]>>> Made = new();

    /// <summary>
    /// The export <see cref="MakeAsync"/> makes, made once for the whole test assembly, for tests that only read its bytes
    /// (import them into a store of their own, write them into a file of their own): five tests of InterruptedImportTests and
    /// SignalledTransferTests each made the same 24,000 events anew, sealed, appended and exported (and, until round 54, each
    /// of LargeImportTests' 7 tests its 4,900 and of ImportSpillTests' 3 its 2,700). Such a test does not
    /// depend on its events' ids being new to the process: each imports them into its own new store. The array is never written.
    /// </summary>
    public static Task<byte[]> SharedAsync(int relationships, int perRelationship, DateOnly firstDay) =>
        Made.GetOrAdd((relationships, perRelationship, firstDay), _ => new(() => Task.Run(async () =>
        {
            using var folder = new TempFolder();
            return await MakeAsync(folder.File("source.db"), relationships, perRelationship, firstDay);
        }))).Value;

    /// <param name="organisations">The organisations' names before their number: a server shared by tests needs names of each test's own.</param>
    public static async Task<byte[]> MakeAsync(string sourcePath, int relationships, int perRelationship, DateOnly firstDay, int? storeVersion = null, string organisations = "org")
    {
        await using var source = await TestLedger.OpenAsync(sourcePath, storeVersion: storeVersion);
        var heads = new Dictionary<string, string?>();
        var provenance = new Provenance("auditor@example.org", [new Source("Reuters", "Reporting", null, null, null)], Guid.NewGuid(), Guid.NewGuid());
        var appends = new List<StreamAppend>();
        for (var i = 0; i < perRelationship; i++)
            for (var r = 0; r < relationships; r++)
            {
                var key = RelationshipKey.Of("RU", $"{organisations}-{r}");
                var e = new StatementMade("RU", $"{organisations}-{r}", "Envoy", Stance.Partner, $"Statement {i}.");
                var (data, hash) = RelationshipRepository.Seal(key.StreamName, Guid.NewGuid(), e, PartialDate.OfDay(firstDay.AddDays(i)), provenance, heads.GetValueOrDefault(key.StreamName));
                heads[key.StreamName] = hash;
                appends.Add(new(key.StreamName, ExpectedRevision.Any, [data]));
            }
        await source.Store.AppendManyAsync(appends);
        using var export = new MemoryStream();
        await source.Send(new ExportEvents(export));
        return export.ToArray();
    }
}
