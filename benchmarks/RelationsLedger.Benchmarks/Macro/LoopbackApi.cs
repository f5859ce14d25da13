using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Api;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Api.Security;
using RelationsLedger.Application;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// The real API (<see cref="LedgerApi.Build"/>, what <c>ledger serve</c> runs) on Kestrel at 127.0.0.1 on a free
/// port, in this process, with one recorder key, and one <see cref="HttpClient"/> for the load generator.
/// <c>--cache-mb N</c> sizes the history cache as in <c>macro commands</c>; <c>--no-live-projections</c>
/// leaves out the background projection of the read model (to see what it costs; <c>ledger serve</c> always runs it).
/// </summary>
public sealed class LoopbackApi : IAsyncDisposable
{
    private const string Key = "rl_bench-http-writer-key";

    private WebApplication _app = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public static async Task<LoopbackApi> StartAsync(IEventStore store, string readModelPath, Options o, int connections)
    {
        var api = new LoopbackApi();
        api._app = LedgerApi.Build(new LedgerApiSettings(store, readModelPath)
        {
            Urls = "http://127.0.0.1:0",
            ContentRoot = Path.GetDirectoryName(Path.GetFullPath(readModelPath)),
            Configuration = new Dictionary<string, string?>
            {
                ["Api:Keys:0:Name"] = "bench-writer", ["Api:Keys:0:Hash"] = ApiKeyHash.HexOf(Key), ["Api:Keys:0:Role"] = "recorder",
                ["Logging:LogLevel:Default"] = "Warning",
            },
            ConfigureServices = services =>
            {
                // Registered after the application's default, so it is the one resolved.
                if (Ledgers.CacheOptions(o) is { } cache) services.AddSingleton(cache);
                if (o.Flag("no-live-projections")) services.RemoveWhere(d => !d.IsKeyedService && d.ImplementationType == typeof(LiveProjections));
            },
        });
        await api._app.StartAsync();
        api.Http = Client(new Uri(api._app.Urls.Single()), Key, connections);
        return api;
    }

    /// <summary>The load generator's client: one pool of keep-alive connections, at least one per writer, so no writer waits for a connection.</summary>
    public static HttpClient Client(Uri server, string key, int connections)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal static class ServiceCollectionRemoval
{
    public static void RemoveWhere(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        foreach (var descriptor in services.Where(match).ToList()) services.Remove(descriptor);
    }
}
