using System.Net;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Api.Tests;

public sealed class ErrorAndHealthTests
{
    [Fact]
    public async Task An_internal_error_is_a_500_problem_with_a_trace_id_and_no_internals()
    {
        // A read of the log that fails deep inside, with internals in its message. (Before, the test damaged an event's
        // envelope; the feed now delivers such an event raw, and the questions name it as tampering.)
        await using var server = await ApiServer.StartAsync(openStore: async path => new FailingReads(await Store.Sqlite.SqliteEventStore.OpenAsync(path)));
        using (await server.RecordAsync("impose-designation", Bodies.Designation())) { }

        using var response = await server.Reader.GetAsync("/events");
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ReadJsonAsync(HttpStatusCode.InternalServerError);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:relationsledger:problem:internal", (string?)problem["type"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["traceId"]));
        foreach (var leak in new[] { "secret-internal-detail", "Exception", " at ", "System.", "RelationsLedger.", "schemaVersion", server.Folder })
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);

        // What the answer withholds is in the server's log, found by the trace id the client was given.
        var logged = Assert.Single(server.Log.Lines, e => e.Contains("Unhandled exception", StringComparison.Ordinal));
        Assert.Contains($"GET /events (trace id {(string?)problem["traceId"]})", logged, StringComparison.Ordinal);
        Assert.Contains("secret-internal-detail", logged, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_read_model_on_a_full_disk_is_a_503_problem_that_names_no_file_and_answers_again_once_there_is_room()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(512);
        disk.Fill();
        await using var server = await ApiServer.StartAsync(readModelPath: disk.File("ledger.projections.db"));
        using (var recorded = await server.RecordAsync("impose-designation", Bodies.Designation()))
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode); // the log is on another disk: recording goes on

        using var response = await server.Reader.GetAsync("/relationships/RU/taliban/state?asOf=2024-01-01");
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ReadJsonAsync(HttpStatusCode.ServiceUnavailable); // 500, "an unexpected error", before
        Assert.Equal("urn:relationsledger:problem:read-model-unavailable", (string?)problem["type"]);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain(disk.Path, text, StringComparison.Ordinal);

        disk.Release();
        var state = await server.GetJsonAsync("/relationships/RU/taliban/state?asOf=2024-01-01");
        Assert.Single(state["designations"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Reader.GetAsync("/no/such/thing");
        var problem = await response.ReadJsonAsync(HttpStatusCode.NotFound);
        Assert.Equal("urn:relationsledger:problem:not-found", (string?)problem["type"]);
    }

    [Fact]
    public async Task Live_and_ready_answer_and_ready_is_503_when_the_store_cannot_be_reached()
    {
        await using var server = await ApiServer.StartAsync();
        Assert.Equal("healthy", (string?)(await server.GetJsonAsync("/health/live", server.Anonymous))["status"]);
        var ready = await server.GetJsonAsync("/health/ready", server.Anonymous);
        Assert.Equal("healthy", (string?)ready["status"]);
        Assert.Equal("healthy", (string?)ready["checks"]!["store"]);

        // The server has read the file since the append (the probe, the log): its pooled connections hold
        // cached pages that a file replaced behind its back does not change. The probe reads the file itself.
        using (await server.RecordAsync("impose-designation", Bodies.Designation())) { }
        Assert.Equal("healthy", (string?)(await server.GetJsonAsync("/health/ready", server.Anonymous))["status"]);
        using (var events = await server.Reader.GetAsync("/events")) Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        File.Delete(server.StorePath + "-wal");
        File.Delete(server.StorePath + "-shm");
        await File.WriteAllTextAsync(server.StorePath, "this is not a SQLite database, it is garbage that fills the header and then some more");

        using var response = await server.Anonymous.GetAsync("/health/ready");
        var body = await response.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", (string?)body["status"]);
        Assert.Equal("unhealthy", (string?)body["checks"]!["store"]);
    }

    [Fact]
    public async Task A_command_after_the_store_file_was_deleted_is_refused_with_503_and_readiness_says_so()
    {
        await using var server = await ApiServer.StartAsync();
        using (var first = await server.RecordAsync("impose-designation", Bodies.Designation()))
            await first.ReadJsonAsync(HttpStatusCode.Created);
        File.Delete(server.StorePath);
        File.Delete(server.StorePath + "-wal");
        File.Delete(server.StorePath + "-shm");

        // Acknowledged, it would live only in a file no one can open again: refused, every time.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var refused = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "after the file went"));
            var problem = await refused.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("urn:relationsledger:problem:store-unavailable", (string?)problem["type"]);
            // A client library backs off by it; before round 44 there was none, and it retried at its own pace.
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        }
        Assert.False(File.Exists(server.StorePath));
        using var ready = await server.Anonymous.GetAsync("/health/ready");
        await ready.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task After_an_older_copy_of_the_store_is_moved_into_place_no_position_of_the_feed_is_given_to_another_event()
    {
        await using var server = await ApiServer.StartAsync();
        using (var first = await server.RecordAsync("impose-designation", Bodies.Designation())) await first.ReadJsonAsync(HttpStatusCode.Created);
        var older = Path.Combine(server.Folder, "older.db");
        await LedgerFiles.CopyAsync(server.StorePath, older);
        using (var second = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "after the backup"))) await second.ReadJsonAsync(HttpStatusCode.Created);
        var feed = await server.GetJsonAsync("/events", server.Reader);
        var given = feed["events"]!.AsArray().Select(e => ((string)e!["position"]!, (string)e["eventId"]!)).ToList();
        Assert.Equal(2, given.Count);

        LedgerFiles.PutInPlace(older, server.StorePath);

        // Taken, the next command would be given position 2, which a consumer of the feed holds as another event's. A relationship
        // the server has read is refused as the removal of its event (since round 67: the read on from its kept history begins at
        // the event the store no longer holds); another, at the write, as the file ending before what this process gave out.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            using var refused = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "into the older copy"));
            Assert.StartsWith("Stream 'relationship-AF~RU' now ends with no event, before revision 0 that this process has read from it",
                (string)(await refused.ReadJsonAsync(HttpStatusCode.Conflict))["detail"]!, StringComparison.Ordinal);
            using var elsewhere = await server.RecordAsync("make-statement", Bodies.Statement("US", "FR", "into the older copy"));
            await elsewhere.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        }
        using (var ready = await server.Anonymous.GetAsync("/health/ready")) await ready.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1L, await LedgerFiles.EventCountAsync(server.StorePath));
    }

    [Fact]
    public async Task A_consumer_resuming_with_the_event_at_its_checkpoint_is_told_when_an_older_copy_was_recorded_into_since()
    {
        await using var server = await ApiServer.StartAsync();
        using (var first = await server.RecordAsync("impose-designation", Bodies.Designation())) await first.ReadJsonAsync(HttpStatusCode.Created);
        var older = Path.Combine(server.Folder, "older.db");
        await LedgerFiles.CopyAsync(server.StorePath, older);
        using (var second = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", "the consumer's last"))) await second.ReadJsonAsync(HttpStatusCode.Created);
        var page = await server.GetJsonAsync("/events", server.Reader);
        var read = page["events"]!.AsArray();
        var (after, afterEventId) = ((string)read[^1]!["position"]!, (string)read[^1]!["eventId"]!);
        // The pages' own 'next' links carry the event they end on (with a type filter, one the consumer was not sent).
        var nextLinks = new[] { (string)page["next"]!, (string)(await server.GetJsonAsync("/events?type=DesignationImposed", server.Reader))["next"]! };
        Assert.All(nextLinks, next => Assert.EndsWith($"after={after}&afterEventId={afterEventId}", next.Replace("&type=DesignationImposed", ""), StringComparison.Ordinal));
        Assert.Equal(afterEventId, (string?)page["lastEventId"]);
        using (var resumed = await server.Reader.GetAsync($"/events?after={after}&afterEventId={afterEventId}"))
            Assert.Empty((await resumed.ReadJsonAsync(HttpStatusCode.OK))["events"]!.AsArray()); // the same log: resumes

        // Restarted on the older copy, recorded into since: position 2 is another event, and 3 follows it.
        await server.RestartAsync(() =>
        {
            SqliteConnection.ClearAllPools();
            LedgerFiles.PutInPlace(older, server.StorePath);
        });
        foreach (var summary in new[] { "recorded into the copy", "and another" })
            using (var r = await server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", summary))) await r.ReadJsonAsync(HttpStatusCode.Created);

        string[] resumes = [$"/events?after={after}&afterEventId={afterEventId}", $"/events/stream?after={after}&afterEventId={afterEventId}",
            $"/relationships/RU/AF/events?after={after}&afterEventId={afterEventId}", .. nextLinks];
        foreach (var path in resumes)
        {
            using var refused = await server.Reader.GetAsync(path);
            var errors = await refused.ValidationErrorsAsync();
            Assert.Equal(["afterEventId"], errors.Select(e => e.Key));
            Assert.StartsWith($"'afterEventId' {afterEventId} is not the event at 'after' {after}: ", (string)errors["afterEventId"]![0]!);
        }
        // Without it the feed cannot tell: it resumes after position 2 and the event now there is never sent.
        using var unchecked_ = await server.Reader.GetAsync($"/events?after={after}");
        Assert.Single((await unchecked_.ReadJsonAsync(HttpStatusCode.OK))["events"]!.AsArray());
    }

    /// <summary>A store whose reads of the log fail unexpectedly, saying what no client may see.</summary>
    private sealed class FailingReads(Application.Storage.IEventStore inner) : DelegatingStore(inner)
    {
        public override IAsyncEnumerable<Application.Storage.RecordedEvent> ReadAllAsync(Application.Storage.GlobalPosition? after, long maxCount,
            Application.Storage.StreamFilter filter, CancellationToken ct = default) =>
            throw new InvalidOperationException("secret-internal-detail: schemaVersion at RelationsLedger.Store");
    }
}
