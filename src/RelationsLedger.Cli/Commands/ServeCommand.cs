using System.CommandLine;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelationsLedger.Api;
using RelationsLedger.Api.Security;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Demo;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Hosting;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// <c>ledger serve [--urls http://127.0.0.1:5080] [--store …] [--demo]</c>: the HTTP API and the analyst's workbench
/// (at <c>/</c>) on the store the other commands use (the embedded file by default, KurrentDB by connection string),
/// with the read models kept live in the background. API keys and limits come from configuration (appsettings.json in
/// the current folder, or environment variables such as <c>Api__Keys__0__Hash</c>). <c>--demo</c> first records the
/// founding example into a store of its own (a temporary file unless <c>--store</c> is given, removed with its read model
/// when the server stops: <see cref="TemporaryStore"/>) and adds a fresh reader key for this run only, printed with the URL.
/// SIGHUP reloads the API keys (<see cref="KeyReloadSignal"/>); the demo's key, given for the run, stays through it.
/// </summary>
public static class ServeCommand
{
    /// <summary>Where the demo's reader key goes in Api:Keys: after any keys the configuration has.</summary>
    private const string DemoKeyEntry = "Api:Keys:1000";

    /// <summary>The word that names the command on a line.</summary>
    public const string Name = "serve";

    public static Command Build(CliOutput io)
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen, ';'-separated (default {LedgerApiSettings.DefaultUrls}). Port 0 picks a free port.",
            DefaultValueFactory = _ => LedgerApiSettings.DefaultUrls,
        };
        var demo = new Option<bool>("--demo")
        {
            Description = "Record the founding example (Russia–Taliban) into a store of its own (a temporary file, removed when the server stops, unless --store is given) and serve it with a fresh reader key, printed with the URL.",
        };
        var command = new Command(Name, "Run the HTTP API and the web workbench (see docs/api.md) until stopped with Ctrl+C or SIGTERM. SIGHUP reloads the API keys from appsettings.json (not on Windows).") { urls, demo };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var listen = ListenUrls.Parse(parse.GetValue(urls)!);
            var isDemo = parse.GetValue(demo);
            var temporary = isDemo && !StoreOption.Named(parse) ? TemporaryStore.New() : null;
            try
            {
                return await ServeAsync(io, listen, isDemo, temporary?.Location ?? StoreOption.Location(parse), StoreOption.HowToLeaveOut(parse), ct);
            }
            finally
            {
                temporary?.Remove(); // the server and its store are closed by now
            }
        }));
        return command;
    }

    private static async Task<int> ServeAsync(CliOutput io, string listen, bool isDemo, StoreLocation location, string leaveOut, CancellationToken ct)
    {
        // A node that does not answer yet is waited on, not a reason to exit: an operator starting the ledger before its node (or a
        // host booting both) would otherwise need to start it again by hand. Before round 56 'serve' exited 4 there.
        var (opened, unreachable) = await LedgerStores.OpenToServeAsync(location, ct);
        await using var eventStore = opened;
        string? demoKey = null;
        var configuration = new Dictionary<string, string?>();
        if (isDemo)
        {
            if (await eventStore.ReadAllAsync(null, 1, StreamFilter.Relationships, ct).AnyAsync(ct))
                throw new CliInputException($"--demo needs a store of its own, and {eventStore.Description} already holds events. {leaveOut} to use a new temporary file.", "demo");
            demoKey = ApiKeyHash.NewKey();
            configuration[$"{DemoKeyEntry}:Name"] = "demo-reader";
            configuration[$"{DemoKeyEntry}:Hash"] = ApiKeyHash.HexOf(demoKey);
            configuration[$"{DemoKeyEntry}:Role"] = Roles.Reader;
        }
        // A read model that cannot be used here (a folder, /dev/null, the store's journal, another application's database) is
        // refused before the server listens: the live read model logged it every 30 s for as long as the server ran.
        new Projections.ReadModelDatabase(location.ReadModelPath()).EnsureOurs();
        WebApplication built;
        try
        {
            built = LedgerApi.Build(new LedgerApiSettings(eventStore, location.ReadModelPath()) { Urls = listen, Configuration = configuration });
        }
        catch (InvalidDataException e) when (SettingsFile.IsUnreadable(e))
        {
            throw SettingsFile.Unreadable(e);
        }
        await using var app = built;
        using var reloads = KeyReloadSignal.Register(app.Services.GetRequiredService<ApiKeyReload>(), app.Logger);
        if (isDemo)
        {
            using var scope = app.Services.CreateScope();
            await FoundingExample.RecordAsync(scope.ServiceProvider.GetRequiredService<IMediator>(), ct);
        }
        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e) when (CannotListen(e, listen) is { } why)
        {
            // Typically the port is taken: say so plainly rather than with a stack trace. The services that started
            // before the listener (the live read model) are stopped first: taken apart running, they logged a false
            // "projection stopped" over a disposed object.
            await app.StopAsync(CancellationToken.None);
            await io.Error.WriteLineAsync($"Cannot listen on {listen}: {why}");
            return ExitCodes.CannotListen;
        }
        await io.Error.WriteLineAsync($"Serving the ledger at {string.Join(", ", app.Urls)} on {eventStore.Description}. Ctrl+C stops.");
        if (unreachable is not null)
            await io.Error.WriteLineAsync($"{unreachable.Message} Serving all the same: until it answers, what needs it is answered 503 " +
                "store-unavailable, /health/ready is 503 and event streams wait; the server goes on by itself once it answers.");
        if (demoKey is not null)
        {
            var url = app.Urls.First().TrimEnd('/');
            await io.Out.WriteLineAsync($"""
                The founding example is recorded in {eventStore.Description}.
                Open:       {url}/#/relationships/{FoundingExample.Russia}/{FoundingExample.Taliban}
                Reader key: {demoKey}
                            (valid while this server runs; enter it once in the page)
                """);
            await io.Out.FlushAsync(ct);
        }
        await app.WaitForShutdownAsync(ct);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Why Kestrel could not listen, when that is what <paramref name="e"/> says; else null (a fault of the ledger's own).
    /// An https URL without a certificate, or with one that cannot be read, ended as "unexpected error: … This is a bug"
    /// (before round 63), Kestrel's words advising 'dotnet dev-certs', a tool for developers' machines.
    /// </summary>
    private static string? CannotListen(Exception e, string listen) => e switch
    {
        IOException => e.Message, // the port taken, a certificate file missing
        InvalidOperationException when listen.Contains("https://", StringComparison.Ordinal) && e.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) =>
            "no certificate is configured for https: give Kestrel one in appsettings.json (Kestrel:Certificates:Default:Path, and KeyPath or " +
            "Password; docs/api.md), or serve http behind a proxy that terminates TLS.",
        System.Security.Cryptography.CryptographicException when listen.Contains("https://", StringComparison.Ordinal) =>
            $"the certificate for https cannot be read ({e.Message.TrimEnd('.')}): check Kestrel:Certificates:Default in appsettings.json (docs/api.md).",
        _ => null,
    };
}
