using System.Net;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A checkpoint that names an event the feed never gives out, at that event's own position: on KurrentDB the store writes an
/// event id reservation (<c>relationsledger-eventid-…</c>) before each event and the ledger's identity
/// (<c>relationsledger-ledger</c>) after the first, all in the global log ($all) beside the relationship streams — what a consumer
/// that read the whole log with an official client, not the ledger's feed, would hold. Before round 56 such a checkpoint was
/// taken as a start (200, its page the events after it): a checkpoint no consumer of the feed could hold passed for one of this
/// log. Now each is a 400 naming its parameter and the stream the event is in. Live (KURRENTDB_CONNECTION_STRING; skipped without).
/// </summary>
public sealed class NotAFeedCheckpointTests
{
    [SkippableFact]
    public async Task A_checkpoint_at_an_event_id_reservation_or_the_ledgers_identity_is_refused_naming_its_stream()
    {
        var cs = ServerUnderTest.Require();
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
        var party = $"nf-{Guid.NewGuid():N}"[..16];
        using (var recorded = await server.RecordAsync("make-statement", Bodies.Statement("RU", party, "A checkpoint's event.")))
        {
            var eventId = Guid.Parse((string)(await recorded.ReadJsonAsync(HttpStatusCode.Created))["eventId"]!);
            var reservation = await OnlyEventAsync(server.Store, $"relationsledger-eventid-{eventId:N}");
            await RefusedAsync(server, reservation);
        }
        await RefusedAsync(server, await OnlyEventAsync(server.Store, "relationsledger-ledger"));
    }

    /// <summary>
    /// A checkpoint at an event of a system stream (<c>$</c>-prefixed: KurrentDB's statistics, scavenges, settings, projections, a
    /// stream's metadata <c>$$…</c>). Before round 57 the event at the position was looked for by a read of $all filtered on
    /// non-system streams, which gave the next event of another stream or none: the checkpoint was answered as one at no event
    /// ("is not a position this ledger's feed gave out: no event is at this position"), or — named by its eventId — as one of
    /// another log, which says nothing of what it is. Now the same 400 as for the store's own streams, naming the stream. The test
    /// writes a system stream of its own and a stream's metadata (an insecure node lets any client), and takes the node's
    /// projections' first event when it runs them (ESDB_PROJECTIONS).
    /// </summary>
    [SkippableFact]
    public async Task A_checkpoint_at_an_event_of_a_system_stream_is_refused_naming_its_stream()
    {
        var cs = ServerUnderTest.Require();
        await using var server = await ApiServer.StartAsync(openStore: async _ => await KurrentDbEventStore.ConnectAsync(cs));
        var party = $"nf-{Guid.NewGuid():N}"[..16];
        using (var recorded = await server.RecordAsync("make-statement", Bodies.Statement("RU", party, "An event after which the system streams' come.")))
            await recorded.ReadJsonAsync(HttpStatusCode.Created);
        var own = $"$nf-{Guid.NewGuid():N}";
        await server.Store.AppendAsync(own, ExpectedRevision.NoStream, [Event("NodeNote", """{"note":"a system stream of the test's own"}""")]);
        var metadata = $"$$nf-{Guid.NewGuid():N}";
        await server.Store.AppendAsync(metadata, ExpectedRevision.NoStream, [Event("$metadata", """{"$maxCount":10}""")]);
        using (var after = await server.RecordAsync("make-statement", Bodies.Statement("RU", party, "An event after them.", on: "2024-08")))
            await after.ReadJsonAsync(HttpStatusCode.Created);

        await RefusedAsync(server, await OnlyEventAsync(server.Store, own), "a system stream of KurrentDB");
        await RefusedAsync(server, await OnlyEventAsync(server.Store, metadata), "a stream's metadata, a system stream of KurrentDB");
        if (await server.Store.ReadStreamAsync("$projections-$all", ReadDirection.Forwards, 0, 1).FirstOrDefaultAsync() is { } projections)
            await RefusedAsync(server, projections, "a system stream of KurrentDB");
    }

    private static EventData Event(string type, string json) =>
        new(Guid.NewGuid(), type, System.Text.Encoding.UTF8.GetBytes(json), System.Text.Encoding.UTF8.GetBytes("{}"));

    private static async Task<RecordedEvent> OnlyEventAsync(IEventStore store, string stream) =>
        await store.ReadStreamAsync(stream, ReadDirection.Forwards, 0, 1).SingleAsync();

    private static async Task RefusedAsync(ApiServer server, RecordedEvent at, string whose = "the store's own bookkeeping")
    {
        // Checked, unchecked, and as a browser's reconnect: each names the field it came in and the stream its event is in.
        foreach (var (path, field, lastEventId) in new[]
        {
            ($"/events?after={at.Position}&afterEventId={at.EventId:D}", "afterEventId", null),
            ($"/events?after={at.Position}", "after", null),
            ("/events/stream", "Last-Event-ID", $"{at.Position}@{at.EventId:D}"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
            using var response = await server.Reader.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
            var message = (string)problem["errors"]![field]![0]!;
            Assert.Contains($"'{field}' {at.Position} is the position of an event of the stream '{at.Stream}'", message, StringComparison.Ordinal);
            Assert.Contains("which the ledger's feed does not give out", message, StringComparison.Ordinal);
            Assert.Contains(whose, message, StringComparison.Ordinal);
        }
    }
}
