using System.Text;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// The connection reset while the store is still sending an append's events (the node killed, or restarted, mid-call): the
/// transport's failure surfaces from writing the request, not as a gRPC status. Before, it escaped the store as a raw
/// <see cref="IOException"/> ("The request was aborted … Broken pipe"): the CLI called it a bug (exit 1), the API a 500,
/// and the batch pipeline did not say which relationships hold their part. Skipped (never passed) without
/// KURRENTDB_CONNECTION_STRING.
/// </summary>
public sealed class CutWhileSendingTests
{
    [SkippableFact]
    public async Task An_append_cut_while_its_events_are_being_sent_is_a_store_failure_of_unknown_outcome()
    {
        var settings = ServerUnderTest.RequireOneInsecureNode();
        await using var proxy = new TcpProxy(settings.Hosts[0].Host, settings.Hosts[0].Port);
        await using var store = new KurrentDbEventStore(
            new KurrentDbConnection(settings with { Hosts = [new KurrentDbEndpoint("127.0.0.1", proxy.Port)] }), ownsConnection: true);
        var stream = $"relationship-C{Guid.NewGuid():N}~ee";
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [Event("first")]); // the connection is open
        // Where the cut lands — in the events still being written, or after them, in the answer — depends on timing: several rounds.
        for (var round = 0; round < 5; round++)
        {
            var marker = $"cut-{Guid.NewGuid():N}";
            // The first event holds the marker; the proxy cuts when it passes, while the store still writes the ones after it.
            var events = new[] { Event(marker) }.Concat(Enumerable.Range(0, 40).Select(i => Event(new string('x', 16_000)))).ToList();

            proxy.CutOnceWhenSent(Encoding.UTF8.GetBytes(marker));
            var failed = await Record.ExceptionAsync(() => store.AppendAsync(stream, ExpectedRevision.Exact(0), events));

            var unavailable = Assert.IsType<StoreUnavailableException>(failed);
            Assert.True(unavailable.OutcomeUnknown, unavailable.Message);
            Assert.Contains($"appending to stream '{stream}'", unavailable.Message, StringComparison.Ordinal);
        }
    }

    private static EventData Event(string text) => new(
        Guid.NewGuid(), "RelationsEstablished",
        Encoding.UTF8.GetBytes($$"""{"note":"{{text}}"}"""),
        Encoding.UTF8.GetBytes($$"""{"$correlationId":"{{Guid.NewGuid()}}","$causationId":"{{Guid.NewGuid()}}","schemaVersion":1}"""));
}
