using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Hosting;

namespace RelationsLedger.Cli.Demo;

/// <summary>
/// The store <c>ledger serve --demo</c> makes for its run when no <c>--store</c> is given: a new file in the temporary folder,
/// and its read model beside it. Removed when the server stops (Ctrl+C, SIGTERM, or a start that fails): its reader key is
/// valid only while the server runs, so nothing can read them afterwards, and each run left two files (~130 KB) in /tmp for
/// good. Only this run's own files go: each run's names hold a new GUID, so a second server started at once keeps its own.
/// </summary>
internal sealed class TemporaryStore
{
    private TemporaryStore(string file) => Location = StoreLocation.Parse(file);

    public StoreLocation Location { get; }

    public static TemporaryStore New() => new(Path.Combine(Path.GetTempPath(), $"relationsledger-demo-{Guid.NewGuid():N}.db"));

    /// <summary>
    /// The store file and the read model, each with the files SQLite keeps beside it. The read model only where it is this
    /// store's own (<c>RELATIONSLEDGER_READ_MODEL</c> may name another file, which is not the demo's to remove). The process's
    /// pooled connections are closed first, so that SQLite folds and removes its logs itself rather than into deleted files.
    /// </summary>
    public void Remove()
    {
        SqliteConnection.ClearAllPools();
        var store = Location.File!;
        var readModel = Location.ReadModelPath();
        foreach (var file in readModel == Projections.ReadModelDatabase.PathFor(store) ? [store, readModel] : new[] { store })
            foreach (var path in SqliteFilePlace.SideFiles.Select(side => file + side).Prepend(file))
                File.Delete(path); // no error when it is not there
    }
}
