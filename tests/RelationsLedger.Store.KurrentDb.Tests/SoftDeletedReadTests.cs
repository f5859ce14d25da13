using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// A soft-deleted stream read forwards from a revision past its start (live: skipped without KURRENTDB_CONNECTION_STRING).
/// A read model checks the event it last applied by reading its stream from that revision; the server answers a
/// soft-deleted stream as one that never was. Before (round 40) that read was empty, so the read model called the event
/// "no longer in the log there: the log is another history than the one it was built from (an older copy of the store,
/// written to since?)" — untrue, the event is still in the global log — and made itself again at every process's start.
/// </summary>
public sealed class SoftDeletedReadTests
{
    private static EventData Event() => new(Guid.NewGuid(), "RelationsEstablished", Encoding.UTF8.GetBytes("""{"since":"2020-01-01"}"""),
        Encoding.UTF8.GetBytes($$"""{"$correlationId":"{{Guid.NewGuid()}}","$causationId":"{{Guid.NewGuid()}}","schemaVersion":1}"""));

    [SkippableFact]
    public async Task A_soft_deleted_stream_read_from_a_later_revision_is_refused_as_hidden_not_read_as_empty()
    {
        await using var store = await KurrentDbEventStore.ConnectAsync(ServerUnderTest.Require());
        var stream = $"relationship-S{Guid.NewGuid():N}~bb";
        await store.AppendAsync(stream, ExpectedRevision.NoStream, [Event(), Event()]);
        // What a soft delete writes (DELETE /streams/S over HTTP, DeleteAsync of the official clients).
        await store.AppendAsync("$$" + stream, ExpectedRevision.Any, [new EventData(Guid.NewGuid(), "$metadata", Encoding.UTF8.GetBytes("""{"$tb":9223372036854775807}"""), Array.Empty<byte>())]);

        var refused = await Assert.ThrowsAsync<StreamHiddenException>(() => store.ReadStreamAsync(stream, ReadDirection.Forwards, 1, 1).ToListAsync().AsTask());
        Assert.Contains("soft delete", refused.Message, StringComparison.Ordinal);
        // A stream that never was still reads empty from any revision.
        Assert.Empty(await store.ReadStreamAsync($"relationship-S{Guid.NewGuid():N}~never", ReadDirection.Forwards, 1, 1).ToListAsync());
    }
}
