using Microsoft.Extensions.Configuration;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Where the server listens is given once: by its URLs (<c>ledger serve --urls</c>, <see cref="LedgerApiSettings.Urls"/>).
/// Kestrel's own <c>Kestrel:Endpoints</c> in configuration overrode them, with a warning in the log only: <c>serve --urls
/// http://127.0.0.1:5080</c> beside an appsettings.json naming <c>http://ledger.lan:5080</c> served on <c>[::]</c> — every
/// interface, where the command line named this machine, and past the checks <c>--urls</c> gets (before round 64).
/// Endpoints are refused rather than checked and merged: two places that say where a ledger listens are one too many.
/// A certificate for https stays Kestrel's to configure (<c>Kestrel:Certificates:Default</c>); it says nothing of where.
/// </summary>
internal static class ListenSettings
{
    private const string Endpoints = "Kestrel:Endpoints";

    public static IEnumerable<string> Problems(IConfigurationRoot configuration)
    {
        var endpoints = configuration.GetSection(Endpoints);
        if (!endpoints.GetChildren().Any()) yield break;
        var named = string.Join(", ", endpoints.GetChildren().Select(e => e["Url"] is { } url ? $"{e.Key}: '{url}'" : e.Key));
        yield return $"{Endpoints} ({named}; in {SettingSource.Of(configuration, endpoints)}) would make Kestrel listen there " +
            "instead of at the server's URLs: the ledger listens where --urls says, and only there. Remove Kestrel:Endpoints " +
            "and give its URLs to --urls (a certificate for https stays in Kestrel:Certificates:Default; docs/api.md).";
    }
}
