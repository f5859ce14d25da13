using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelationsLedger.Api.Audit;
using RelationsLedger.Api.Commands;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Feed;
using RelationsLedger.Api.Health;
using RelationsLedger.Api.Hosting;
using RelationsLedger.Api.Hosting.Connections;
using RelationsLedger.Api.Panel;
using RelationsLedger.Api.Parties;
using RelationsLedger.Api.Relationships;
using RelationsLedger.Api.Security;
using RelationsLedger.Api.Timeline;
using RelationsLedger.Api.Workbench;
using RelationsLedger.Application;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Api;

/// <summary>
/// The HTTP API of the ledger: the same MediatR commands and queries as the CLI, the event feed,
/// API-key security, health and OpenAPI. <see cref="Build"/> makes the application without
/// starting it; <c>ledger serve</c> runs it, the tests start it on Kestrel on a free port.
/// </summary>
public static class LedgerApi
{
    public static WebApplication Build(LedgerApiSettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Configuration is read once, at start (the options are fixed then; the keys are read again only when told: ApiKeyReload). Watching it for changes
            // watched the content root — the ledger's folder — and woke on every write of the store's and the read
            // model's WAL: 6.5 % of a served command's CPU (docs/performance.md, round 4).
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args ?? []],
            ContentRootPath = settings.ContentRoot ?? Directory.GetCurrentDirectory(),
        });
        // Defaults below every other source: a request log line per request is too much for a ledger server.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // The key handler's lines are ASP.NET Core's (not authenticated, challenged, forbidden), under this project's
                // name: at Information, every refused request wrote one or two, as fast as anyone could send them.
                [$"Logging:LogLevel:{typeof(ApiKeyAuthentication).FullName}"] = "Warning",
                // A start that fails (a port taken) is the caller's to report, in a line ('ledger serve': exit code 6), not the
                // host's, with its stack trace. Its critical messages (a background service stopping the host) still show.
                ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",
                // Each unhealthy probe is an Error there, with its stack: the readiness check (StoreReachable) says why itself, once
                // for an outage rather than once a probe.
                ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"] = "Critical",
            },
        });
        builder.Configuration.AddInMemoryCollection(settings.Configuration);
        builder.WebHost.UseUrls(settings.Urls);

        var problems = new List<string>();
        var options = ApiOptions.Validated(builder.Configuration, builder.Environment, problems);
        problems.AddRange(ListenSettings.Problems(builder.Configuration));
        if (problems.Count > 0)
            throw new ApiConfigurationException("The API configuration is invalid:" + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)));
        builder.Services.AddSingleton(Options.Create(options));
        // Kestrel's other limits are its defaults, which docs/api.md lists ("Connections and slow clients"): a request's headers
        // within 30 s, a body at 240 B/s at least, 32 KB of headers, an 8 KB request line, an idle connection kept 130 s.
        var refused = new RefusedRequests();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.ConfigureEndpointDefaults(listen => listen.Use(refused.Remember));
        });
        // Api:MaxConnections is enforced by the transport as connections are accepted, not by Kestrel's MaxConcurrentConnections,
        // which closed an extra connection only on the thread pool: under a flood the waiting ones took every file descriptor.
        builder.Services.AddSingleton(new ConnectionBound(options.MaxConnections));
        builder.Services.AddSingleton<IConnectionListenerFactory, BoundedSocketTransport>();
        // Kestrel says a refused head only at Debug: that line alone is read, by RefusedRequests, which says who sent it.
        builder.Logging.AddProvider(new RefusedRequests.KestrelLines(refused))
            .AddFilter<RefusedRequests.KestrelLines>(null, LogLevel.None)
            .AddFilter<RefusedRequests.KestrelLines>(RefusedRequests.KestrelBadRequests, LogLevel.Debug);

        var services = builder.Services;
        services.AddSingleton(new HistoryCacheOptions((long)options.HistoryCacheMegabytes << 20)); // AddRelationsLedger's default gives way to it
        services.AddRelationsLedger();
        services.AddSingleton(settings.Store);
        services.AddProjections(settings.ReadModelPath,
            new ProjectionOptions { QueryWaitsAtMost = options.QueryWait, CachedBytes = (long)options.ReadModelCacheMegabytes << 20 });
        services.AddHostedService<LiveProjections>();

        services.ConfigureHttpJsonOptions(o => LedgerJson.ApplyAnswerConventions(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblems.Customize);
        services.AddExceptionHandler<LedgerExceptionHandler>();

        services.AddSingleton<ApiKeyRing>();
        // A reload reads the sources the server started from anew (appsettings.json, the environment, the settings given here).
        IConfigurationSource[] sources = [.. ((IConfigurationBuilder)builder.Configuration).Sources];
        var environment = builder.Environment;
        services.AddSingleton(s => new ApiKeyReload(s.GetRequiredService<ApiKeyRing>(), sources, environment, options, s.GetRequiredService<ILogger<ApiKeyReload>>()));
        services.AddSingleton<StreamSlots>();
        services.AddSingleton<AnswerSlots>();
        services.AddSingleton<AnsweredFailureLog>();
        services.AddSingleton<StoreOutage>();
        services.AddSingleton<AnotherLedgerLog>();
        services.AddSingleton<UnwritableStoreLog>();
        services.AddSingleton<TamperedLedgerLog>();
        // Authentication's core only: a key comes in a header, and the ledger issues no cookie or token, so nothing is left for
        // ASP.NET Core's data protection to protect. AddAuthentication registered it all the same, and its hosted service made a
        // key at every start, wrote it unencrypted into ~/.aspnet/DataProtection-Keys (a key the server never used) and warned
        // so in the log — in a container, that "protected data will be unavailable" (before round 64).
        services.AddAuthenticationCore(o =>
        {
            o.AddScheme<ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
            o.DefaultScheme = ApiKeyAuthentication.SchemeName;
        });
        services.AddWebEncoders();
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.CanRecord, p => p.RequireRole(Roles.Recorder))
            .AddPolicy(Roles.CanRead, p => p.RequireRole(Roles.Reader, Roles.Recorder))
            // Every endpoint needs a reader key unless it says otherwise: nothing is public by omission.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireRole(Roles.Reader, Roles.Recorder).Build());

        services.AddHealthChecks().AddCheck<StoreReachable>("store", tags: [HealthEndpoints.ReadyTag]);
        services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeyDocumentTransformer>().AddSchemaTransformer<CommandSchemaTransformer>().AddSchemaTransformer<WrittenShapeSchemaTransformer>()
            .AddSchemaTransformer<StateViewSchemaTransformer>());
        settings.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        if (app.Services.GetRequiredService<ApiKeyRing>().Count == 0)
            app.Logger.LogWarning("No API keys are configured (Api:Keys): every request but health, OpenAPI and the workbench's page will be refused with 401. Make one with 'ledger api-key new'.");

        refused.Log = app.Services.GetRequiredService<ILogger<RefusedRequests>>();
        _ = app.Services.GetRequiredService<StoreOutage>(); // made now: it hears of the event subscriptions' drops from the first one on
        app.Use(refused.SayRefused); // first: it sees the answer the exception handler gives
        app.UseAnswerHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // 404, 405, 415…: problem details, not empty bodies
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseKnownQueryParameters();
        app.UseAnswerSlots();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        HealthEndpoints.Map(app);
        CommandEndpoints.Map(app);
        BatchEndpoint.Map(app);
        // Every question of the ledger: its answer takes a place (AnswerSlots) from the request until it is sent.
        var questions = app.MapGroup("").TakeAnswerPlaces();
        RelationshipEndpoints.Map(questions);
        PartyEndpoints.Map(questions);
        FeedEndpoints.Map(questions, streams: app);
        AuditEndpoints.Map(questions);
        TimelineEndpoints.Map(questions);
        PanelEndpoints.Map(questions);
        WorkbenchEndpoints.Map(app);
        return app;
    }
}
