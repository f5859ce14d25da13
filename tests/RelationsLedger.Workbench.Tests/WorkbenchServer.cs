using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Api;
using RelationsLedger.Api.Security;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Demo;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// The real server (API and workbench) on Kestrel at 127.0.0.1 on a free port, over a real SQLite file in a temporary
/// folder, with the founding example recorded, one reader key (the analyst's) and one recorder key (to record while
/// the page is open).
/// </summary>
public sealed class WorkbenchServer : IAsyncDisposable
{
    public const string ReaderKey = "rl_workbench-test-reader-key";
    public const string RecorderKey = "rl_workbench-test-recorder-key";

    private IEventStore _store = null!;
    private WebApplication _app = null!;

    public Uri BaseAddress { get; private set; } = null!;
    public string Origin => BaseAddress.GetLeftPart(UriPartial.Authority);
    public HttpClient Reader { get; private set; } = null!;
    public HttpClient Recorder { get; private set; } = null!;

    private WorkbenchServer(string? folder, string? readModelFile = null)
    {
        Folder = folder ?? Directory.CreateTempSubdirectory("relationsledger-workbench-").FullName;
        ReadModelFile = readModelFile ?? Path.Combine(Folder, "ledger.projections.db");
    }

    public string Folder { get; }
    public string LedgerFile => Path.Combine(Folder, "ledger.db");

    /// <summary>The read model's file: beside the ledger's, or where a test puts it (another disk, which can fill up).</summary>
    public string ReadModelFile { get; }

    public static Task<WorkbenchServer> StartAsync(string? readModelFile = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(new WorkbenchServer(null, readModelFile) { _settings = settings ?? new Dictionary<string, string?>() }, port: 0, foundingExample: true);

    /// <summary>Settings of the test's own (an API bound), over the ones every test server has.</summary>
    private IReadOnlyDictionary<string, string?> _settings = new Dictionary<string, string?>();

    /// <summary>
    /// A server again over the files of one stopped (<see cref="StopAsync"/>), at the same address: what a browser
    /// still open on the old one sees as a restart.
    /// </summary>
    /// <param name="beforeListening">Commands sent before the server listens: no page can ask anything in between.</param>
    public static Task<WorkbenchServer> RestartAsync(WorkbenchServer stopped, Func<IMediator, Task>? beforeListening = null) =>
        StartAsync(new WorkbenchServer(stopped.Folder, stopped.ReadModelFile), stopped.BaseAddress.Port, foundingExample: false, beforeListening);

    private static async Task<WorkbenchServer> StartAsync(WorkbenchServer server, int port, bool foundingExample, Func<IMediator, Task>? beforeListening = null)
    {
        server._store = await SqliteEventStore.OpenAsync(server.LedgerFile);
        server._app = LedgerApi.Build(new LedgerApiSettings(server._store, server.ReadModelFile)
        {
            Urls = $"http://127.0.0.1:{port}",
            ContentRoot = server.Folder,
            Configuration = new Dictionary<string, string?>
            {
                ["Api:Keys:0:Name"] = "analyst", ["Api:Keys:0:Hash"] = ApiKeyHash.HexOf(ReaderKey), ["Api:Keys:0:Role"] = Roles.Reader,
                ["Api:Keys:1:Name"] = "ingest", ["Api:Keys:1:Hash"] = ApiKeyHash.HexOf(RecorderKey), ["Api:Keys:1:Role"] = Roles.Recorder,
                ["Api:HeartbeatSeconds"] = "1",
                ["Logging:LogLevel:Default"] = "Warning",
            }.Concat(server._settings).ToDictionary(),
        });
        if (foundingExample)
        {
            using var scope = server._app.Services.CreateScope();
            await FoundingExample.RecordAsync(scope.ServiceProvider.GetRequiredService<IMediator>(), default);
        }
        if (beforeListening is not null)
        {
            using var scope = server._app.Services.CreateScope();
            await beforeListening(scope.ServiceProvider.GetRequiredService<IMediator>());
        }
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Urls.Single());
        server.Reader = server.Client(ReaderKey);
        server.Recorder = server.Client(RecorderKey);
        return server;
    }

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Reader.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Records a command over HTTP with the recorder key; returns the new event's id.</summary>
    public async Task<string> RecordAsync(string command, object body)
    {
        using var response = await Recorder.PostAsync($"/commands/{command}", JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {command}: {(int)response.StatusCode} {text}");
        return (string)JsonNode.Parse(text)!["eventId"]!;
    }

    /// <summary>Stops the server and lets go of its files, which stay (for <see cref="RestartAsync"/>).</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        Reader.Dispose();
        Recorder.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private bool _stopped;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } // best effort
    }
}
