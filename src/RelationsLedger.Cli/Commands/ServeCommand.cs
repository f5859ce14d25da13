using System.CommandLine;
using Microsoft.Extensions.Hosting;
using RelationsLedger.Api;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Hosting;

namespace RelationsLedger.Cli.Commands;

/// <summary>
/// <c>ledger serve [--urls http://127.0.0.1:5080] [--store …]</c>: the HTTP API on the store the other
/// commands use (the embedded file by default, KurrentDB by connection string), with the read models
/// kept live in the background. API keys and limits come from configuration (appsettings.json in the
/// current folder, or environment variables such as <c>Api__Keys__0__Hash</c>).
/// </summary>
public static class ServeCommand
{
    public static Command Build(CliOutput io)
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen, ';'-separated (default {LedgerApiSettings.DefaultUrls}). Port 0 picks a free port.",
            DefaultValueFactory = _ => LedgerApiSettings.DefaultUrls,
        };
        var command = new Command("serve", "Run the HTTP API (see docs/api.md) until stopped with Ctrl+C.") { urls };
        command.SetAction((parse, ct) => Errors.Guard(io, async () =>
        {
            var listen = parse.GetValue(urls)!;
            foreach (var url in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    throw new CliInputException($"--urls: '{url}' is not an http(s) URL such as {LedgerApiSettings.DefaultUrls}.");
            var location = StoreOption.Location(parse);
            await using var eventStore = await LedgerStores.OpenAsync(location, ct: ct);
            await using var app = LedgerApi.Build(new LedgerApiSettings(eventStore, location.ReadModelPath()) { Urls = parse.GetValue(urls)! });
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException e)
            {
                // Typically the port is taken: say so plainly rather than with a stack trace.
                await io.Error.WriteLineAsync($"Cannot listen on {parse.GetValue(urls)}: {e.Message}");
                return ExitCodes.CannotListen;
            }
            await io.Error.WriteLineAsync($"Serving the ledger at {string.Join(", ", app.Urls)} on {eventStore.Description}. Ctrl+C stops.");
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
