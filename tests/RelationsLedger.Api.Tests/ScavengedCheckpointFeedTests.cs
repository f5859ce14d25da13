using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A consumer's checkpoint names an event another client of KurrentDB hid (here: truncating metadata on the relationship's
/// stream) and the server then scavenged out of the global log (live: KURRENTDB_CONNECTION_STRING on a node on disk with
/// 1 MiB chunks, skipped otherwise). Before (round 33's open item), the feed refused the checkpoint as "not a position this
/// ledger's feed gave out" or, with afterEventId, as "This log is not the one the checkpoint was taken from (… a KurrentDB
/// node reset?)": both untrue, and no way on. It must say what was hidden since and where to go on.
/// </summary>
[Collection(Collection)]
public sealed partial class ScavengedCheckpointFeedTests
{
    /// <summary>The live feed tests that read positions no event is at: run one at a time, since this one hides a stream.</summary>
    public const string Collection = "feed positions on the server";

    [SkippableFact]
    public async Task A_checkpoint_whose_event_was_scavenged_is_refused_naming_the_hidden_stream_and_where_to_go_on()
    {
        using var admin = ScavengingNode.AdminOrSkip();
        var chunkSize = await ScavengingNode.ChunkSizeOrSkipAsync(admin);
        var cs = ServerUnderTest.Require();
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
        await using var other = await KurrentDbEventStore.ConnectAsync(cs); // another client of the server
        var party = $"scav-{Guid.NewGuid():N}"[..16];
        var stream = $"relationship-RU~{party}";
        for (var i = 0; i < 5; i++)
            (await server.RecordAsync("make-statement", Bodies.Statement("RU", party, $"statement {i}"))).Dispose();
        var events = (await server.GetJsonAsync($"/events?stream={stream}"))["events"]!.AsArray();
        var (checkpoint, checkpointId) = ((string)events[1]!["position"]!, (string)events[1]!["eventId"]!);

        await other.AppendAsync("$$" + stream, ExpectedRevision.Any, [new EventData(Guid.NewGuid(), "$metadata", Encoding.UTF8.GetBytes("""{"$tb":3}"""), Array.Empty<byte>())]);
        await ScavengingNode.FillAChunkAsync(other, chunkSize);
        await ScavengingNode.ScavengeAsync(admin);
        await ScavengingNode.WaitUntilFirstLeftAsync(other, new Dictionary<string, ulong?> { [stream] = 3 });

        const string Hidden = ": revisions 0–2 are hidden by its metadata (truncate before 3)";
        var checkedResume = await ErrorOfAsync(await server.Reader.GetAsync($"/events?after={checkpoint}&afterEventId={checkpointId}"), "afterEventId");
        Assert.True(checkedResume.StartsWith($"'afterEventId' names event {checkpointId} at {checkpoint}: no event is there now, and the server has hidden ", StringComparison.Ordinal), checkedResume);
        Assert.Contains(stream + Hidden, checkedResume, StringComparison.Ordinal);
        Assert.Contains("A scavenge takes hidden events out of the global log: if the feed gave this position out, its event was one of theirs", checkedResume, StringComparison.Ordinal);
        Assert.DoesNotContain("characters)", checkedResume, StringComparison.Ordinal); // not cut as a long quoted value
        Assert.DoesNotContain("not the one the checkpoint was taken from", checkedResume, StringComparison.Ordinal);

        var plain = await ErrorOfAsync(await server.Reader.GetAsync($"/events?after={checkpoint}"), "after");
        Assert.True(plain.StartsWith($"'after' {checkpoint}: no event is at this position in the log now,", StringComparison.Ordinal), plain);
        Assert.DoesNotContain("not a position this ledger's feed gave out", plain, StringComparison.Ordinal);

        using var reconnect = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        reconnect.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        reconnect.Headers.Add("Last-Event-ID", $"{checkpoint}@{checkpointId}");
        var live = await ErrorOfAsync(await server.Reader.SendAsync(reconnect, HttpCompletionOption.ResponseHeadersRead), "Last-Event-ID");
        Assert.Contains(stream + Hidden, live, StringComparison.Ordinal);

        // The way on it names sends the events left after the checkpoint, revisions 3 and 4, and none the consumer had.
        var way = WayOn().Match(checkedResume);
        Assert.True(way.Success, checkedResume);
        var query = way.Groups["after"].Success ? $"&after={way.Groups["after"].Value}&afterEventId={way.Groups["id"].Value}" : "";
        var left = (await server.GetJsonAsync($"/events?stream={stream}{query}"))["events"]!.AsArray();
        Assert.Equal([3, 4], left.Select(e => (int)e!["revision"]!));
    }

    /// <summary>
    /// A count set on the stream before the checkpoint's event was recorded hid it later, when more events were appended.
    /// Before (round 40), only a hiding recorded after the checkpoint was counted: the refusal said "This log is not the one
    /// the checkpoint was taken from (… a KurrentDB node reset?)", untrue, with no way on.
    /// </summary>
    [SkippableFact]
    public async Task A_checkpoint_whose_event_a_count_set_before_it_hid_is_refused_naming_the_count()
    {
        using var admin = ScavengingNode.AdminOrSkip();
        var chunkSize = await ScavengingNode.ChunkSizeOrSkipAsync(admin);
        var cs = ServerUnderTest.Require();
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
        await using var other = await KurrentDbEventStore.ConnectAsync(cs);
        var party = $"cnt-{Guid.NewGuid():N}"[..16];
        var stream = $"relationship-RU~{party}";
        (await server.RecordAsync("make-statement", Bodies.Statement("RU", party, "statement 0"))).Dispose();
        await other.AppendAsync("$$" + stream, ExpectedRevision.Any, [new EventData(Guid.NewGuid(), "$metadata", Encoding.UTF8.GetBytes("""{"$maxCount":2}"""), Array.Empty<byte>())]);
        // The ledger refuses to append past the count (since round 53: its earliest events would be hidden), so another client
        // appends copies of the first: two events still read whole under a count of two; the third hides revision 0.
        using (var refused = await server.RecordAsync("make-statement", Bodies.Statement("RU", party, "statement 1")))
            Assert.False(refused.IsSuccessStatusCode, await refused.Content.ReadAsStringAsync());
        var first = await other.ReadStreamAsync(stream, ReadDirection.Forwards, null, 1).FirstAsync();
        for (var i = 1; i < 3; i++) await ScavengingNode.AppendCopyAsAnotherClientOrSkipAsync(admin, stream, (ulong)i - 1, first);
        var events = (await server.GetJsonAsync($"/events?stream={stream}"))["events"]!.AsArray();
        Assert.Equal(3, events.Count);
        var (checkpoint, checkpointId) = ((string)events[1]!["position"]!, (string)events[1]!["eventId"]!);
        // Another client appends a copy of the last event: the count now hides revision 1 too, the checkpoint's.
        var last = await other.ReadStreamAsync(stream, ReadDirection.Backwards, null, 1).FirstAsync();
        await ScavengingNode.AppendCopyAsAnotherClientOrSkipAsync(admin, stream, 2, last);
        await ScavengingNode.FillAChunkAsync(other, chunkSize);
        await ScavengingNode.ScavengeAsync(admin);
        await ScavengingNode.WaitUntilFirstLeftAsync(other, new Dictionary<string, ulong?> { [stream] = 2 });

        var refusal = await ErrorOfAsync(await server.Reader.GetAsync($"/events?after={checkpoint}&afterEventId={checkpointId}"), "afterEventId");
        Assert.Contains(stream + ": its metadata lets only its last 2 event(s) be read (max count)", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("not the one the checkpoint was taken from", refusal, StringComparison.Ordinal);
        var way = WayOn().Match(refusal);
        Assert.True(way.Success, refusal);
        var query = way.Groups["after"].Success ? $"&after={way.Groups["after"].Value}&afterEventId={way.Groups["id"].Value}" : "";
        var left = (await server.GetJsonAsync($"/events?stream={stream}{query}"))["events"]!.AsArray();
        Assert.Equal([2, 3], left.Select(e => (int)e!["revision"]!));
    }

    [GeneratedRegex(@"resume with after=(?<after>[0-9/]+)&afterEventId=(?<id>[0-9a-f-]{36}),|read from the start of the log \(leave after out\)")]
    private static partial Regex WayOn();

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = await response.ValidationErrorsAsync();
            Assert.Equal([field], errors.Select(e => e.Key));
            return (string)errors[field]![0]!;
        }
    }
}
