using System.Globalization;
using System.Net;
using RelationsLedger.Api;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// <c>serve --urls</c>: each URL a scheme, an address and a port, and nothing Kestrel would read otherwise than it was meant.
/// Kestrel takes a URL it cannot place as a request to listen on every interface: a host name (<c>http://ledger.lan:5080</c>,
/// where it cannot know which interface the name is), a user before the host (<c>http://u:p@127.0.0.1:5080</c>) and a query
/// (<c>http://127.0.0.1:5080?x</c>, on port 80 too) each listened on <c>[::]</c> — the API open beyond the machine that was
/// named (before round 63); a path (<c>/ledger</c>) ended as "a bug". What Kestrel is given is the URL rebuilt from its parts.
/// </summary>
internal static class ListenUrls
{
    /// <summary>The URLs to listen on, ';'-separated; a <see cref="CliInputException"/> naming the first that is not one.</summary>
    public static string Parse(string given)
    {
        var each = given.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Before round 62, none ('', ';') listened on ASP.NET Core's own default, http://localhost:5000, and ' ' ended as
        // "unexpected error: FormatException … This is a bug".
        if (each.Length == 0)
            throw new CliInputException($"--urls names no URL ({EchoedText.Quote(given)}): give one or more http(s) URLs, ';'-separated, " +
                $"or leave --urls out for {LedgerApiSettings.DefaultUrls}.", "urls");
        return string.Join(';', each.Select(Rebuilt));
    }

    private static string Rebuilt(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw Refused(url, $"is not an http(s) URL such as {LedgerApiSettings.DefaultUrls}");
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw Refused(url, $"has {(uri.UserInfo.Length > 0 ? "a user before its host" : uri.Query.Length > 0 ? "a query" : "a fragment")}: " +
                "a server listens at an address and a port only");
        if (uri.AbsolutePath != "/")
            throw Refused(url, $"has a path ('{uri.AbsolutePath}'): the API's endpoints are at the root of its address (a path before them is a proxy's to add)");
        var host = uri.Host;
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            throw Refused(url, $"names the host '{host}', which Kestrel would take to mean every interface of the machine: give an address " +
                "(127.0.0.1 for this machine only, 0.0.0.0 or [::] for every interface) or localhost");
        return $"{uri.Scheme}://{(uri.HostNameType == UriHostNameType.IPv6 ? $"[{IPAddress.Parse(host.Trim('[', ']'))}]" : host)}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static CliInputException Refused(string url, string why) =>
        new($"--urls: {EchoedText.Quote(url)} {why}.", "urls");
}
