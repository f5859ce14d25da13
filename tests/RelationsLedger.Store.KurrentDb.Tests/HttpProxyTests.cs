using System.Net;
using System.Text;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>Tests that change what the whole process or every client of the server sees (the default HTTP proxy, the ledger's identity): they run alone, after the others.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>
/// A machine whose environment names an HTTP proxy (<c>http_proxy</c>, <c>HTTPS_PROXY</c>, read into
/// <see cref="HttpClient.DefaultProxy"/>), as corporate machines and CI runners often do. Skipped without
/// KURRENTDB_CONNECTION_STRING, or when it uses TLS.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class HttpProxyTests
{
    [SkippableFact]
    public async Task An_insecure_node_is_reached_directly_whatever_http_proxy_the_environment_names()
    {
        var cs = ServerUnderTest.Require();
        Skip.If(KurrentDbConnectionSettings.Parse(cs).Tls, "An insecure node's plain HTTP/2 is what no proxy carries; the server under test uses TLS.");
        var before = HttpClient.DefaultProxy;
        HttpClient.DefaultProxy = new WebProxy("http://127.0.0.1:9"); // nothing listens there
        try
        {
            await using var store = await KurrentDbEventStore.ConnectAsync(cs);
            var stream = $"kurrent-proxy-{Guid.NewGuid():N}";
            var e = new EventData(Guid.NewGuid(), "Probed", Encoding.UTF8.GetBytes("{}"), Encoding.UTF8.GetBytes("{}"));
            await store.AppendAsync(stream, ExpectedRevision.NoStream, [e]);
            Assert.Equal([e.EventId], (await store.ReadStreamAsync(stream, ReadDirection.Forwards, null, 10).ToListAsync()).Select(r => r.EventId));
        }
        finally
        {
            HttpClient.DefaultProxy = before;
        }
    }
}
