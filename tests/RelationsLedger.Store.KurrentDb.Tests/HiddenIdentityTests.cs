using System.Text;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// Another client soft-deletes the ledger's identity stream (<see cref="LedgerIdentityStream"/>). An append is recorded
/// whatever happens to the identity, so it must not fail after the event is written (a caller would record it again under
/// a new command id), and the ledger must not give itself a second identity. Skipped without KURRENTDB_CONNECTION_STRING.
/// The identity is the server's, shared by every test: the test runs alone and gives the stream back as it found it
/// (a failure before the fix left a second identity event in it: run such a version only on a node of its own).
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class HiddenIdentityTests
{
    private static EventData Event(string type = "RelationsEstablished") =>
        new(Guid.NewGuid(), type, Encoding.UTF8.GetBytes("{}"), Encoding.UTF8.GetBytes("{}"));

    private static Task SetMetadataAsync(KurrentDbEventStore store, string stream, string json) =>
        store.AppendAsync("$$" + stream, ExpectedRevision.Any, [new EventData(Guid.NewGuid(), "$metadata", Encoding.UTF8.GetBytes(json), Array.Empty<byte>())]);

    [SkippableFact]
    public async Task An_append_after_the_identity_was_soft_deleted_is_recorded_and_no_second_identity_is_made()
    {
        var cs = ServerUnderTest.Require();
        await using var admin = await KurrentDbEventStore.ConnectAsync(cs);
        await admin.AppendAsync($"relationship-I{Guid.NewGuid():N}~a", ExpectedRevision.NoStream, [Event()]);
        var identity = await admin.IdentityAsync();
        var logged = await admin.ReadAllAsync(null, long.MaxValue, new StreamFilter(LedgerIdentityStream.Stream)).CountAsync();
        await SetMetadataAsync(admin, LedgerIdentityStream.Stream, """{"$tb":9223372036854775807}""");
        try
        {
            // A new process: no identity in memory.
            await using var store = await KurrentDbEventStore.ConnectAsync(cs);
            var stream = $"relationship-I{Guid.NewGuid():N}~b";
            var e = Event();

            await store.AppendAsync(stream, ExpectedRevision.NoStream, [e]);

            Assert.Equal([e.EventId], (await store.ReadStreamAsync(stream, ReadDirection.Forwards, null, 10).ToListAsync()).Select(r => r.EventId));
            var hidden = await Assert.ThrowsAsync<StreamHiddenException>(() => store.IdentityAsync());
            Assert.Equal(LedgerIdentityStream.Stream, hidden.Hidden.Stream);
            Assert.Equal(logged, await store.ReadAllAsync(null, long.MaxValue, new StreamFilter(LedgerIdentityStream.Stream)).CountAsync());
        }
        finally
        {
            // Metadata written to a soft-deleted stream undeletes it with "truncate before" its next revision; written
            // again, it truncates nothing: the first identity reads as before.
            await SetMetadataAsync(admin, LedgerIdentityStream.Stream, "{}");
            await SetMetadataAsync(admin, LedgerIdentityStream.Stream, "{}");
        }
        await using var after = await KurrentDbEventStore.ConnectAsync(cs);
        Assert.Equal(identity, await after.IdentityAsync());
    }
}
