using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using RelationsLedger.Api;
using RelationsLedger.Api.Security;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// <c>ledger serve</c> on the cluster, in this process: the real API on Kestrel at 127.0.0.1 on a free port, its own
/// connection to the cluster and its own read model in a temporary folder (as a read replica of the ledger would have).
/// </summary>
internal sealed class LedgerServe : IAsyncDisposable
{
    private const string Key = "rl_cluster-test-key";

    private readonly TempFolder _folder = new();
    private IEventStore? _store;
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public static async Task<LedgerServe> StartAsync(string connectionString)
    {
        var serve = new LedgerServe();
        serve._store = await KurrentDbEventStore.ConnectAsync(connectionString);
        serve._app = LedgerApi.Build(new LedgerApiSettings(serve._store, serve._folder.File("read-model.db"))
        {
            Urls = "http://127.0.0.1:0",
            ContentRoot = serve._folder.Path,
            Configuration = new Dictionary<string, string?>
            {
                ["Api:Keys:0:Name"] = "cluster-test",
                ["Api:Keys:0:Hash"] = ApiKeyHash.HexOf(Key),
                ["Api:Keys:0:Role"] = "recorder",
                ["Api:HeartbeatSeconds"] = "0.5",
                ["Logging:LogLevel:Default"] = "Warning",
            },
        });
        await serve._app.StartAsync();
        serve.Http = new HttpClient { BaseAddress = new Uri(serve._app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
        serve.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return serve;
    }

    /// <summary>POSTs a command; the answer's status and, when accepted, its event id and global position.</summary>
    public async Task<(int Status, Guid EventId, string? Position)> RecordAsync(string command, object body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/commands/{command}") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Http.SendAsync(request);
        if (!response.IsSuccessStatusCode) return ((int)response.StatusCode, Guid.Empty, null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, json.RootElement.GetProperty("eventId").GetGuid(), json.RootElement.GetProperty("globalPosition").GetString());
    }

    /// <summary>The event ids of a Server-Sent Events feed, reconnecting with Last-Event-ID whenever the stream ends.</summary>
    public async IAsyncEnumerable<Guid> FeedAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        string? last = null;
        while (!ct.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (last is not null) request.Headers.Add("Last-Event-ID", last);
            HttpResponseMessage response;
            try
            {
                response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode) { await Task.Delay(200, CancellationToken.None); continue; }
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                string? id = null;
                while (true)
                {
                    string? line;
                    try
                    {
                        line = await reader.ReadLineAsync(ct);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
                    {
                        break;
                    }
                    if (line is null) break;
                    if (line.StartsWith("id:", StringComparison.Ordinal)) id = line[3..].Trim();
                    else if (line.StartsWith("data:", StringComparison.Ordinal))
                    {
                        using var json = JsonDocument.Parse(line[5..]);
                        last = id;
                        yield return json.RootElement.GetProperty("eventId").GetGuid();
                    }
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_store is not null) await _store.DisposeAsync();
        _folder.Dispose();
    }
}
