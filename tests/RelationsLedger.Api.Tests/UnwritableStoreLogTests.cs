using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RelationsLedger.Store.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The embedded store's disk fills up under a running server: a real tmpfs (<see cref="SmallDisk"/>), SQLite told ENOSPC by the
/// kernel. Every command is a 503 store-unavailable and records nothing — and the server's log says why, naming the file and the
/// space left. Found by hand in round 52: `ledger serve` on a 2 MB tmpfs, 3,000 statements posted, 2,929 of them answered 503 and
/// the log said nothing of the store at all (only of the read model): the store answers reads, so the probe that decides an outage
/// answered, and the refusals were logged at Debug only. An operator had no way to learn that the disk was full.
/// </summary>
public sealed class UnwritableStoreLogTests
{
    private const string Category = "RelationsLedger.Api.Hosting.UnwritableStoreLog:";

    [SkippableFact]
    public async Task Commands_refused_on_a_full_disk_are_said_in_the_log_once_with_the_file_and_the_space_left_and_record_nothing()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(512);
        var storePath = disk.File("ledger.db");
        // The store on the small disk; the read model stays in the server's folder, so only the store's writes fail.
        await using var server = await ApiServer.StartAsync(openStore: async _ => await SqliteEventStore.OpenAsync(storePath));
        using (var first = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "before the disk filled")))
            await first.ReadJsonAsync(HttpStatusCode.Created);
        disk.Fill();

        using (var refused = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "on a full disk")))
            Assert.Equal("urn:relationsledger:problem:store-unavailable", (string?)(await refused.ReadJsonAsync(HttpStatusCode.ServiceUnavailable))["type"]);
        var said = Assert.Single(Said(server));
        Assert.StartsWith($"Error {Category} The event store SQLite file {storePath} cannot be written (POST /commands/make-statement: Cannot write to the store {storePath}: the disk is full (",
            said, StringComparison.Ordinal);
        Assert.Contains($" free in {disk.Path}). Nothing was recorded.).", said, StringComparison.Ordinal);

        // A batch is refused alike, and counted, not said again within the minute.
        using (var batch = await server.Recorder.PostAsJsonAsync("/commands/batch", Batch("a batch on a full disk")))
            Assert.Equal("urn:relationsledger:problem:store-unavailable", (string?)(await batch.ReadJsonAsync(HttpStatusCode.ServiceUnavailable))["type"]);
        Assert.Single(Said(server));

        disk.Release();
        using (var after = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "room again")))
            await after.ReadJsonAsync(HttpStatusCode.Created);
        var summaries = (await server.GetJsonAsync("/relationships/RU/AF/history")).AsArray().Select(e => (string?)e!["data"]!["summary"]);
        Assert.Equal(["before the disk filled", "room again"], summaries);
    }

    private static JsonObject Batch(string summary) => new()
    {
        ["recordedBy"] = "analyst",
        ["sources"] = new JsonArray(new JsonObject { ["publisher"] = "AFP", ["title"] = "Talks" }),
        ["commands"] = new JsonArray(new JsonObject
        {
            ["command"] = "make-statement", ["actor"] = "RU", ["counterpart"] = "AF", ["speaker"] = "Vladimir Putin", ["stance"] = "ally",
            ["summary"] = summary, ["effectiveDate"] = "2024-07",
        }),
    };

    private static string[] Said(ApiServer server) => [.. server.Log.Lines.Where(l => l.Contains(Category, StringComparison.Ordinal))];
}
