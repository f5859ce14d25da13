using System.Net;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A relationship's stream that ends before the revision the server has read it at — its last events gone from the store
/// (a KurrentDB node restored from an older copy under a running server, found by round 66's hostile subscriber; here the
/// embedded store's rows deleted, which the server's cached history has read) — is refused at once as such, and nothing is
/// recorded. Before, a command read again from its cached history, found nothing newer, lost its "race" ten times and was
/// answered "Other writers appended … Send it again", which failed the same way until the server restarted.
/// </summary>
public sealed class StreamBehindItsReadTests
{
    [Fact]
    public async Task A_command_on_a_stream_that_lost_events_the_server_read_is_refused_as_such_not_as_a_lost_race()
    {
        await using var server = await ApiServer.StartAsync();
        for (var i = 0; i < 3; i++)
            using (var recorded = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", $"statement {i}"))) await recorded.ReadJsonAsync(HttpStatusCode.Created);
        // Another relationship's event after them: the log's last position stays, so nothing but the stream shows the loss.
        using (var other = await server.RecordAsync("make-statement", Bodies.Statement("US", "FR", "after"))) await other.ReadJsonAsync(HttpStatusCode.Created);
        await using (var connection = new SqliteConnection($"Data Source={server.StorePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM events WHERE stream = 'relationship-AF~RU' AND revision >= 1";
            Assert.Equal(2, await delete.ExecuteNonQueryAsync());
        }

        using var refused = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "after the loss"));
        var problem = await refused.ReadJsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:relationsledger:problem:ledger-tampered", (string?)problem["type"]);
        var detail = (string)problem["detail"]!;
        Assert.Contains("Stream 'relationship-AF~RU' now ends at revision 0, before revision 2 that this process has read from it: " +
            "events were removed from the store", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Send it again", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("times in a row", detail, StringComparison.Ordinal);
        var finding = (string)Assert.Single(problem["findings"]!.AsArray())!;
        Assert.StartsWith("REMOVED: relationship-AF~RU revision 1, event ", finding, StringComparison.Ordinal);
        Assert.EndsWith("(position 2): the store no longer holds it, though this process read the stream up to revision 2 from there", finding, StringComparison.Ordinal);

        // The operator is told too, at Error, once with the first request's words (before round 67 the log said nothing of it).
        var said = Assert.Single(Said(server));
        Assert.StartsWith($"Error {TamperedLog} The ledger in the event store SQLite file {server.StorePath} does not verify: POST /commands/make-statement " +
            "was answered 409 ledger-tampered (Stream 'relationship-AF~RU' now ends at revision 0, before revision 2", said, StringComparison.Ordinal);

        // The same again (a retry changes nothing), and nothing of either was recorded.
        using (var again = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "after the loss")))
            Assert.Contains("before revision 2 that this process has read", (string)(await again.ReadJsonAsync(HttpStatusCode.Conflict))["detail"]!, StringComparison.Ordinal);
        // A batch with a part on it: refused as a whole (the embedded store appends a batch at once), its other part not recorded.
        object Line(string actor, string counterpart) => new { command = "make-statement", actor, counterpart, speaker = "S", stance = "neutral", summary = "in a batch", effectiveDate = "2024-08" };
        using var batch = await server.Recorder.PostAsync("/commands/batch", System.Net.Http.Json.JsonContent.Create(new
        {
            sources = new[] { new { publisher = "P", title = "T" } }, recordedBy = "analyst", commands = new[] { Line("US", "FR"), Line("RU", "AF") },
        }));
        var batchProblem = await batch.ReadJsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:relationsledger:problem:ledger-tampered", (string?)batchProblem["type"]);
        Assert.Contains("Stream 'relationship-AF~RU' now ends at revision 0, before revision 2", (string)batchProblem["detail"]!, StringComparison.Ordinal);

        Assert.Single(await server.Store.ReadStreamAsync("relationship-AF~RU", ReadDirection.Forwards, null, long.MaxValue).ToListAsync());
        Assert.Single(await server.Store.ReadStreamAsync("relationship-FR~US", ReadDirection.Forwards, null, long.MaxValue).ToListAsync());
        // The retry and the batch are counted, to be said with the minute's line, not said again each.
        Assert.Single(Said(server));
    }

    private const string TamperedLog = "RelationsLedger.Api.Hosting.TamperedLedgerLog:";

    private static string[] Said(ApiServer server) => [.. server.Log.Lines.Where(l => l.Contains(TamperedLog, StringComparison.Ordinal))];
}
