using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A consumer reads the feed from a checkpoint before events that another client of KurrentDB then hid (truncating metadata
/// on one relationship stream, a soft delete of another) and the server scavenged out of the global log (live:
/// KURRENTDB_CONNECTION_STRING on a node on disk with 1 MiB chunks, skipped otherwise). KurrentDB's positions have gaps
/// everywhere, so the missing events leave no mark in the positions; only a consumer that keeps every stream's revisions
/// sees one skipped (a tombstoned stream leaves none). Before (round 42), pages and the stream said nothing: <c>emptyPositions</c> null, no comment line. The hiding's
/// record is still in the log: the feed names it where it crosses it, once.
/// </summary>
[Collection(ScavengedCheckpointFeedTests.Collection)]
public sealed class ScavengedFeedReadTests
{
    private const string Truncated = "revisions 0–2 are hidden by its metadata (truncate before 3)";
    private const string SoftDeleted = "the stream was deleted on the server (a soft delete: every revision is hidden)";

    [SkippableFact]
    public async Task A_feed_read_across_a_scavenged_removal_names_the_hiding_once_before_the_event_after_it()
    {
        using var admin = ScavengingNode.AdminOrSkip();
        var chunkSize = await ScavengingNode.ChunkSizeOrSkipAsync(admin);
        var cs = ServerUnderTest.Require();
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
        await using var other = await KurrentDbEventStore.ConnectAsync(cs); // another client of the server
        var party = $"hid-{Guid.NewGuid():N}"[..16];
        var (truncated, deleted, after) = ($"relationship-RU~{party}", $"relationship-DE~{party}", $"relationship-FR~{party}");
        (await server.RecordAsync("make-statement", Bodies.Statement("FR", party, "the consumer's checkpoint"))).Dispose();
        var start = (await server.GetJsonAsync($"/events?stream={after}"))["events"]!.AsArray().Single()!;
        var checkpoint = $"after={(string)start["position"]!}&afterEventId={(string)start["eventId"]!}";
        for (var i = 0; i < 5; i++)
            (await server.RecordAsync("make-statement", Bodies.Statement("RU", party, $"statement {i}"))).Dispose();
        for (var i = 0; i < 2; i++)
            (await server.RecordAsync("make-statement", Bodies.Statement("DE", party, $"statement {i}"))).Dispose();

        await SetMetadataAsync(other, truncated, """{"$tb":3}""");
        await SetMetadataAsync(other, deleted, """{"$tb":9223372036854775807}""");
        await ScavengingNode.FillAChunkAsync(other, chunkSize);
        await ScavengingNode.ScavengeAsync(admin);
        await ScavengingNode.WaitUntilFirstLeftAsync(other, new Dictionary<string, ulong?> { [truncated] = 3, [deleted] = 1 });
        (await server.RecordAsync("make-statement", Bodies.Statement("FR", party, "after the hidings"))).Dispose();

        // One page across it all: the events left, and both hidings named with their records' positions.
        var page = await server.GetJsonAsync($"/events?{checkpoint}&limit=1000");
        var mine = page["events"]!.AsArray().Where(e => ((string)e!["stream"]!).EndsWith(party, StringComparison.Ordinal)).ToList();
        // The scavenge keeps a stream's last event (the server needs it to go on numbering): DE's revision 1 is left.
        Assert.Equal([$"{truncated} 3", $"{truncated} 4", $"{deleted} 1", $"{after} 1"], mine.Select(e => $"{(string)e!["stream"]!} {(int)e["revision"]!}"));
        var named = Hidings(page, party);
        Assert.Equal([$"{truncated}: {Truncated}", $"{deleted}: {SoftDeleted}"], named.Select(h => $"{h.Stream}: {h.How}"));
        Assert.All(named, h => Assert.Matches("^[0-9]+(/[0-9]+)?$", h.Position));

        // Page by page (one event each), following next: each hiding named once, on the page whose event follows it.
        var told = new List<string>();
        var link = $"/events?{checkpoint}&limit=1";
        for (var pages = 0; pages < 10_000; pages++)
        {
            var one = await server.GetJsonAsync(link);
            told.AddRange(Hidings(one, party).Select(h => h.Stream));
            if ((bool)one["endOfLog"]!) break;
            link = (string)one["next"]!;
        }
        Assert.Equal([truncated, deleted], told);

        // One relationship's page names its own hiding only. No event of it follows the record, so the page that reaches the
        // end of the log names it (it did not wait for an event after it, which may never come), and so does the next poll.
        var own = await server.GetJsonAsync($"/relationships/RU/{party}/events");
        Assert.Equal([3, 4], own["events"]!.AsArray().Select(e => (int)e!["revision"]!));
        Assert.True((bool)own["endOfLog"]!);
        Assert.Equal([truncated], Hidings(own, party).Select(h => h.Stream));
        Assert.Equal([truncated], Hidings(await server.GetJsonAsync((string)own["next"]!), party).Select(h => h.Stream));
        // Pages that end before the end of the log do not name a record after their last event: the next page does.
        var firstOnly = await server.GetJsonAsync($"/relationships/RU/{party}/events?limit=2");
        Assert.False((bool)firstOnly["endOfLog"]!);
        Assert.Empty(Hidings(firstOnly, party));

        // The stream says each as a comment line before the event after it.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("Last-Event-ID", $"{(string)start["position"]!}@{(string)start["eventId"]!}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var said = new List<string>();
        while (!said.Contains($"event {after}") && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith(": hidden at ", StringComparison.Ordinal) && line.Contains(party, StringComparison.Ordinal)) said.Add(line[(line.IndexOf(": relationship-", StringComparison.Ordinal) + 2)..]);
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonNode.Parse(line[6..])!["stream"]!.GetValue<string>() is { } s && s.EndsWith(party, StringComparison.Ordinal)) said.Add($"event {s}");
        }
        const string Scavenge = "; a scavenge takes hidden events out of the log, so the feed may not send them ('ledger verify' names what is missing)";
        Assert.Equal([$"event {truncated}", $"event {truncated}", $"event {deleted}", $"{truncated}: {Truncated}{Scavenge}", $"{deleted}: {SoftDeleted}{Scavenge}", $"event {after}"], said);
    }

    private static Task SetMetadataAsync(IEventStore other, string stream, string json) =>
        other.AppendAsync("$$" + stream, ExpectedRevision.Any, [new EventData(Guid.NewGuid(), "$metadata", Encoding.UTF8.GetBytes(json), Array.Empty<byte>())]);

    private static List<(string Stream, string How, string Position)> Hidings(JsonNode page, string party) =>
        page["hiddenStreams"]?.AsArray().Select(h => ((string)h!["stream"]!, (string)h["how"]!, (string)h["position"]!))
            .Where(h => h.Item1.EndsWith(party, StringComparison.Ordinal)).ToList()
        ?? throw new Xunit.Sdk.XunitException($"The page has no hiddenStreams: {page.ToJsonString()[..Math.Min(400, page.ToJsonString().Length)]}");
}
