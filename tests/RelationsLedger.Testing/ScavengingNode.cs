using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Testing;

/// <summary>
/// The server under test (<see cref="ServerUnderTest"/>) as its administrator, to make it scavenge: events that another
/// client hid (a soft delete, a tombstone, truncating metadata) are then gone from the global log too. Needs a node that
/// scavenges: on disk (a node started with --mem-db refuses to) and with small chunks (only a completed chunk is scavenged,
/// so <see cref="FillAChunkAsync"/> writes a chunk's worth of filler: --chunk-size 1048576). Skipped otherwise, saying so.
/// </summary>
public static class ScavengingNode
{
    private const int MaxChunkSize = 16 * 1024 * 1024;

    /// <summary>The server under test's HTTP endpoint (insecure only: the calls are plain HTTP), as its administrator.</summary>
    public static HttpClient AdminOrSkip()
    {
        var connection = ServerUnderTest.Require();
        Skip.IfNot(connection.Contains("tls=false", StringComparison.OrdinalIgnoreCase), "The scavenge is asked over plain HTTP; the server under test uses TLS.");
        var hostAndPort = connection[(connection.IndexOf("://", StringComparison.Ordinal) + 3)..].Split(',', '?', '/')[0];
        var client = new HttpClient { BaseAddress = new Uri($"http://{hostAndPort[(hostAndPort.IndexOf('@') + 1)..]}") };
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("admin:changeit")));
        return client;
    }

    /// <summary>The node's chunk size, or the test skipped when the node cannot scavenge here (in memory) or its chunks are too large to fill.</summary>
    public static async Task<int> ChunkSizeOrSkipAsync(HttpClient admin)
    {
        var options = await admin.GetFromJsonAsync<JsonElement>("/info/options");
        string Option(string name) => options.EnumerateArray().Single(o => o.GetProperty("name").GetString() == name).GetProperty("value").GetString()!;
        Skip.If(bool.Parse(Option("MemDb")), "The server under test runs in memory (--mem-db), where EventStoreDB refuses to scavenge: start it on disk (--db DIR) with --chunk-size 1048576.");
        var chunkSize = int.Parse(Option("ChunkSize"), System.Globalization.CultureInfo.InvariantCulture);
        Skip.If(chunkSize > MaxChunkSize, $"The server under test's chunks hold {chunkSize:N0} bytes: too many to fill so that a scavenge reaches the hidden events; start it with --chunk-size 1048576.");
        return chunkSize;
    }

    /// <summary>A chunk's worth of events in a stream of no one's (not the ledger's), so that the chunk holding the hidden events is complete.</summary>
    public static async Task FillAChunkAsync(IEventStore store, int chunkSize)
    {
        var filler = $"scavenge-filler-{Guid.NewGuid():N}";
        var data = Encoding.UTF8.GetBytes($"{{\"pad\":\"{new string('x', 200_000)}\"}}");
        for (var written = 0; written <= chunkSize + data.Length; written += data.Length)
            await store.AppendAsync(filler, ExpectedRevision.Any, [new EventData(Guid.NewGuid(), "filler", data, Array.Empty<byte>())]);
    }

    /// <summary>
    /// Appends a copy of <paramref name="copyOf"/> (a new id) to <paramref name="stream"/> as another client of the server would,
    /// past the ledger's store, which refuses to append to a relationship stream whose metadata keeps only its last events
    /// (since round 53): over HTTP (AtomPub), the test skipped when the node does not serve it (--enable-atom-pub-over-http).
    /// </summary>
    public static async Task AppendCopyAsAnotherClientOrSkipAsync(HttpClient admin, string stream, ulong expectedRevision, RecordedEvent copyOf)
    {
        var options = await admin.GetFromJsonAsync<JsonElement>("/info/options");
        var atomPub = options.EnumerateArray().Single(o => o.GetProperty("name").GetString() == "EnableAtomPubOverHttp").GetProperty("value").GetString()!;
        Skip.IfNot(bool.Parse(atomPub), "The test appends past the ledger's store over HTTP (AtomPub): start the server with --enable-atom-pub-over-http.");
        var body = $"[{{\"eventId\":\"{Guid.NewGuid()}\",\"eventType\":\"{copyOf.Type}\",\"data\":{Encoding.UTF8.GetString(copyOf.Data.Span)},\"metadata\":{Encoding.UTF8.GetString(copyOf.Metadata.Span)}}}]";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/streams/{Uri.EscapeDataString(stream)}") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/vnd.eventstore.events+json");
        request.Headers.Add("ES-ExpectedVersion", expectedRevision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await admin.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST /streams/{stream}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task ScavengeAsync(HttpClient admin)
    {
        using var response = await admin.PostAsync("/admin/scavenge", null);
        Assert.True(response.IsSuccessStatusCode, $"POST /admin/scavenge: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Until the first revision of each stream left in the global log is the one given (null: none left).</summary>
    public static async Task WaitUntilFirstLeftAsync(IEventStore store, Dictionary<string, ulong?> expected)
    {
        for (var attempt = 0; ; attempt++)
        {
            var log = (await store.ReadAllAsync(null, long.MaxValue, StreamFilter.Relationships).ToListAsync())
                .Where(e => expected.ContainsKey(e.Stream))
                .GroupBy(e => e.Stream).ToDictionary(g => g.Key, g => (ulong?)g.Min(e => e.Revision));
            if (expected.All(p => log.GetValueOrDefault(p.Key) == p.Value)) return;
            Assert.True(attempt < 600, $"The scavenge did not remove the hidden events from the global log: first revisions left {string.Join(", ", log.Select(p => $"{p.Key} {p.Value}"))}.");
            await Task.Delay(200);
        }
    }
}
