using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Api;
using RelationsLedger.Api.Security;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The real API on Kestrel at 127.0.0.1 on a free port, over a real SQLite file in a temporary folder,
/// with one recorder key and one reader key. <see cref="RestartAsync"/> stops it and starts a new
/// server on the same files, as a deployment restarts.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    public const string RecorderKey = "rl_test-recorder-key";
    public const string ReaderKey = "rl_test-reader-key";

    private readonly Action<IServiceCollection>? _services;
    private readonly Dictionary<string, string?> _configuration;
    private readonly Func<string, Task<IEventStore>> _openStore;
    private IEventStore _store = null!;
    private WebApplication _app = null!;

    public string Folder { get; } = Directory.CreateTempSubdirectory("relationsledger-api-").FullName;
    public string StorePath => Path.Combine(Folder, "ledger.db");
    public string ReadModelPath { get; private init; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The event store the server answers from, for a test to write what another client of the store would.</summary>
    public IEventStore Store => _store;

    /// <summary>What the server logged since it started (at the levels its configuration keeps: Warning and above unless a test says otherwise).</summary>
    public CapturedLog Log { get; } = new();

    /// <summary>Can record and read.</summary>
    public HttpClient Recorder { get; private set; } = null!;

    /// <summary>Can only read.</summary>
    public HttpClient Reader { get; private set; } = null!;

    /// <summary>Sends no key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    private ApiServer(Dictionary<string, string?> configuration, Action<IServiceCollection>? services, Func<string, Task<IEventStore>>? openStore, string? readModelPath)
    {
        (_configuration, _services, _openStore) = (configuration, services, openStore ?? (async path => await SqliteEventStore.OpenAsync(path)));
        ReadModelPath = readModelPath ?? Path.Combine(Folder, "ledger.projections.db");
    }

    /// <param name="openStore">Opens the event store (given the SQLite path in the server's folder); default: the embedded store there.</param>
    /// <param name="readModelPath">Where the read model lives; default: beside the store, in the server's folder.</param>
    /// <param name="keysInFile">The two keys in appsettings.json in the server's folder (which a test may rewrite and have reloaded: <see cref="WriteKeys"/>), not given over every source.</param>
    public static async Task<ApiServer> StartAsync(IReadOnlyDictionary<string, string?>? configuration = null, Action<IServiceCollection>? services = null,
        Func<string, Task<IEventStore>>? openStore = null, string? readModelPath = null, bool keysInFile = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Api:HeartbeatSeconds"] = "0.2",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (!keysInFile)
            foreach (var (i, key) in TestKeys.Index())
                (settings[$"Api:Keys:{i}:Name"], settings[$"Api:Keys:{i}:Hash"], settings[$"Api:Keys:{i}:Role"]) = (key.Name, key.Hash, key.Role);
        foreach (var (k, v) in configuration ?? new Dictionary<string, string?>()) settings[k] = v;
        var server = new ApiServer(settings, services, openStore, readModelPath);
        if (keysInFile) server.WriteKeys(TestKeys);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The recorder key and the reader key.</summary>
    public static IReadOnlyList<ApiKeyEntry> TestKeys =>
    [
        new() { Name = "test-recorder", Hash = ApiKeyHash.HexOf(RecorderKey), Role = "recorder" },
        new() { Name = "test-reader", Hash = ApiKeyHash.HexOf(ReaderKey), Role = "reader" },
    ];

    /// <summary>Writes <paramref name="keys"/> as the whole of appsettings.json in the server's folder, as an operator edits it.</summary>
    public void WriteKeys(IEnumerable<ApiKeyEntry> keys) => WriteSettings(new JsonObject
    {
        ["Api"] = new JsonObject { ["Keys"] = new JsonArray([.. keys.Select(k => new JsonObject { ["Name"] = k.Name, ["Hash"] = k.Hash, ["Role"] = k.Role })]) },
    }.ToJsonString());

    /// <summary>Writes <paramref name="text"/> as the whole of appsettings.json in the server's folder.</summary>
    public void WriteSettings(string text) => File.WriteAllText(Path.Combine(Folder, "appsettings.json"), text);

    /// <summary>The running server's services (its key reload, say).</summary>
    public IServiceProvider Services => _app.Services;

    private async Task StartServerAsync()
    {
        _store = await _openStore(StorePath);
        _app = LedgerApi.Build(new LedgerApiSettings(_store, ReadModelPath)
        {
            Urls = "http://127.0.0.1:0",
            Configuration = _configuration,
            ContentRoot = Folder,
            ConfigureServices = services =>
            {
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Log);
                _services?.Invoke(services);
            },
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
        Recorder = Client(RecorderKey);
        Reader = Client(ReaderKey);
        Anonymous = Client(null);
    }

    public HttpClient Client(string? key, bool asXApiKey = false)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null && asXApiKey) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        else if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Stops the server, does <paramref name="whileStopped"/> (to its files, say), and starts it again on the same folder.</summary>
    public async Task RestartAsync(Action? whileStopped = null)
    {
        await StopServerAsync();
        whileStopped?.Invoke();
        await StartServerAsync();
    }

    private async Task StopServerAsync()
    {
        Recorder.Dispose();
        Reader.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    /// <summary>
    /// A GET sent on a socket as written, with <paramref name="headers"/> (lines joined by CRLF) as they are — two lines of
    /// one header stay two, which HttpClient would join in one — and the whole answer, status line to body.
    /// </summary>
    public async Task<string> RawGetAsync(string path, string headers)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(BaseAddress.Host, BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {BaseAddress.Authority}\r\n{headers}\r\nConnection: close\r\n\r\n"));
        return await new StreamReader(stream).ReadToEndAsync();
    }

    /// <summary>POSTs a command as JSON with the recorder key.</summary>
    public Task<HttpResponseMessage> RecordAsync(string command, object body, string? idempotencyKey = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/commands/{command}") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return (client ?? Recorder).SendAsync(request);
    }

    /// <summary>
    /// The server's read model current with the log as it stands now (after the caller's writes): the server's own catch-up,
    /// awaited. A new server's first load of a long log — a KurrentDB node other suites filled — outlasts
    /// Api:QueryWaitSeconds (5 s), and a question asked meanwhile is answered behind, or 503 "holds nothing yet": the
    /// product's answer for that case (QueryWaitTests), not what a test of the answers is about. Bounded only against a hang.
    /// </summary>
    public async Task ReadModelCurrentAsync()
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await Services.GetRequiredService<ProjectionRunner>().CatchUpAsync(ct: hang.Token);
    }

    public async Task<JsonNode> GetJsonAsync(string path, HttpClient? client = null)
    {
        using var response = await (client ?? Reader).GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } // best effort
    }
}
