using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api;

/// <summary>
/// What the host gives the API: an opened event store (the host owns and disposes it), where the
/// read models live, where to listen, and configuration on top of the usual sources
/// (appsettings.json in the content root, environment variables, command-line arguments).
/// </summary>
public sealed record LedgerApiSettings(IEventStore Store, string ReadModelPath)
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Kestrel's URLs, e.g. <c>http://127.0.0.1:5080</c>; port 0 picks a free port.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>Configuration that wins over every other source (tests set keys and intervals here).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>The folder appsettings.json is read from (default: the current folder).</summary>
    public string? ContentRoot { get; init; }

    /// <summary>Last-word service registrations, after the API's own (tests use it to break a dependency on purpose).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
