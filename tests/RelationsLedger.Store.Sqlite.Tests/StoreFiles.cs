using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>What tests of a store file's life under an open store make: an event, a written store (what they do to the file: <see cref="LedgerFiles"/>).</summary>
internal static class StoreFiles
{
    public static EventData Event() =>
        new(Guid.NewGuid(), "StatementMade", Encoding.UTF8.GetBytes("""{"n":1}"""), Encoding.UTF8.GetBytes("{}"));

    /// <summary>A store at <paramref name="path"/> with one event in <c>relationship-AA~BB</c>, its head and identity read through the pool.</summary>
    public static async Task<SqliteEventStore> WrittenAsync(string path)
    {
        var store = await SqliteEventStore.OpenAsync(path);
        await store.AppendAsync("relationship-AA~BB", ExpectedRevision.NoStream, [Event()]);
        Assert.NotNull(await store.HeadAsync());
        Assert.NotNull(await store.IdentityAsync());
        return store;
    }
}
