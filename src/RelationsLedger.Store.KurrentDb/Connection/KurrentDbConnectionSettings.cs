using System.Globalization;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>
/// The settings of a connection to KurrentDB (or EventStoreDB 20.10+), read from a connection
/// string in the form the official clients take:
/// <c>kurrentdb://[user:password@]host[:port][,host[:port]...][/][?key=value&amp;...]</c>.
/// Schemes: <c>kurrentdb</c>, <c>kdb</c>, <c>kurrent</c>, <c>esdb</c>, each optionally with
/// <c>+discover</c>. Keys are case-insensitive. TLS is on unless <c>tls=false</c>.
/// </summary>
public sealed record KurrentDbConnectionSettings
{
    private static readonly string[] Schemes = ["kurrentdb", "kdb", "kurrent", "esdb"];

    public required IReadOnlyList<KurrentDbEndpoint> Hosts { get; init; }

    /// <summary>Ask the hosts' gossip which member to use (<c>+discover</c>, or several hosts).</summary>
    public bool Discover { get; init; }

    public bool Tls { get; init; } = true;
    public bool TlsVerifyCert { get; init; } = true;

    /// <summary>A PEM or DER file holding the certificate authority that signed the nodes' certificates.</summary>
    public string? TlsCaFile { get; init; }

    public string? UserName { get; init; }
    public string? Password { get; init; }

    /// <summary>How long an append or a read may take; subscriptions have none. Null: no deadline.</summary>
    public TimeSpan? DefaultDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the HTTP/2 connection may be idle before a ping; infinite: no pings.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for a ping's answer before the connection is dropped.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Shown in the server's logs and connection list.</summary>
    public string ConnectionName { get; init; } = $"relationsledger-{Guid.NewGuid():N}";

    public NodePreference NodePreference { get; init; } = NodePreference.Leader;
    public int MaxDiscoverAttempts { get; init; } = 10;
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan GossipTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the store lives, for messages: scheme, hosts and TLS, without credentials.</summary>
    public string Address =>
        $"{(Discover ? "kurrentdb+discover" : "kurrentdb")}://{string.Join(",", Hosts)}{(Tls ? "" : "?tls=false")}";

    public override string ToString() => Address;

    /// <summary>Reads a connection string; throws <see cref="InvalidConnectionStringException"/> naming what is wrong.</summary>
    public static KurrentDbConnectionSettings Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidConnectionStringException("The KurrentDB connection string is empty; expected e.g. kurrentdb://localhost:2113?tls=false.");
        var text = connectionString.Trim();

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            throw new InvalidConnectionStringException($"The KurrentDB connection string has no scheme: expected {SchemeList()}:// at its start.");
        var scheme = text[..schemeEnd].ToLowerInvariant();
        var discover = scheme.EndsWith("+discover", StringComparison.Ordinal);
        var baseScheme = discover ? scheme[..^"+discover".Length] : scheme;
        if (!Schemes.Contains(baseScheme))
            throw new InvalidConnectionStringException($"Unknown scheme '{text[..schemeEnd]}' in the KurrentDB connection string: expected {SchemeList()}, optionally with +discover.");

        var rest = text[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var tail = authorityEnd < 0 ? "" : rest[authorityEnd..];
        // Credentials holding '/' or '?' would be read as a path or settings, and quoted in part in the message that refused
        // them. An '@' inside a setting's value (connectionName=me@host) follows an '='.
        if (tail.IndexOf('@', StringComparison.Ordinal) is var tailAt and >= 0 && !tail.AsSpan(0, tailAt).Contains('='))
            throw new InvalidConnectionStringException("The KurrentDB connection string has an '@' after a '/' or '?': a user name or password that holds '/', '?' or '#' is written percent-encoded (%2F, %3F, %23).");

        string? user = null, password = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            (user, password) = ParseCredentials(authority[..at]);
            authority = authority[(at + 1)..];
        }

        var hosts = ParseHosts(authority);
        var query = ParseTail(tail);
        var settings = new KurrentDbConnectionSettings
        {
            Hosts = hosts,
            Discover = discover || hosts.Count > 1,
            UserName = user,
            Password = password,
        };
        return ConnectionStringOptions.Apply(settings, query);
    }

    private static string SchemeList() => string.Join(", ", Schemes);

    private static (string User, string Password) ParseCredentials(string userInfo)
    {
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == userInfo.Length - 1)
            throw new InvalidConnectionStringException("The credentials in the KurrentDB connection string must be user:password@ with neither part empty.");
        return (Unescape(userInfo[..colon], "user name"), Unescape(userInfo[(colon + 1)..], "password"));
    }

    /// <summary>
    /// A part percent-decoded, refused when a '%' begins no escape of two hexadecimal digits: <see cref="Uri.UnescapeDataString(string)"/>
    /// keeps such a '%' as written, so <c>u%zz</c> was the user "u%zz" while <c>u%7a</c> is "uz" — one password or another by what
    /// follows its '%' (until round 70). The part is named, never quoted: it may be a credential.
    /// </summary>
    private static string Unescape(string text, string part)
    {
        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 3))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                throw new InvalidConnectionStringException(
                    $"The {part} in the KurrentDB connection string holds a '%' that is not followed by two hexadecimal digits: write a '%' as %25.");
        }
        return Uri.UnescapeDataString(text);
    }

    private static List<KurrentDbEndpoint> ParseHosts(string authority)
    {
        if (authority.Length == 0)
            throw new InvalidConnectionStringException("The KurrentDB connection string names no host: expected e.g. kurrentdb://localhost:2113.");
        var hosts = new List<KurrentDbEndpoint>();
        foreach (var part in authority.Split(','))
            hosts.Add(ParseHost(part.Trim()));
        return hosts;
    }

    private static KurrentDbEndpoint ParseHost(string text)
    {
        if (text.Length == 0)
            throw new InvalidConnectionStringException("The KurrentDB connection string has an empty host in its host list.");
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            // An IPv6 literal: [::1]:2113
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new InvalidConnectionStringException($"The host '{text}' in the KurrentDB connection string has no closing ']'.");
            host = text[1..close];
            var after = text[(close + 1)..];
            if (after.Length > 0)
            {
                if (!after.StartsWith(':')) throw new InvalidConnectionStringException($"The host '{text}' in the KurrentDB connection string is not [address]:port.");
                port = after[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon)
                throw new InvalidConnectionStringException($"The host '{text}' in the KurrentDB connection string has several ':'; write an IPv6 address as [address]:port.");
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }
        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new InvalidConnectionStringException($"'{host}' in the KurrentDB connection string is not a host name or IP address.");
        var number = KurrentDbEndpoint.DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
            throw new InvalidConnectionStringException($"The port '{port}' of host '{host}' in the KurrentDB connection string is not a number from 1 to 65535.");
        return new(host, number);
    }

    private static Dictionary<string, string> ParseTail(string tail)
    {
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var q = tail.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? tail : tail[..q];
        if (path is not ("" or "/"))
            throw new InvalidConnectionStringException($"The KurrentDB connection string has a path '{path}'; only hosts and ?settings may follow the scheme.");
        if (q < 0) return query;
        foreach (var pair in tail[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new InvalidConnectionStringException($"The setting '{pair}' in the KurrentDB connection string is not key=value.");
            var key = Unescape(pair[..eq], $"setting '{pair[..eq]}'");
            if (!query.TryAdd(key, Unescape(pair[(eq + 1)..], $"setting '{key}'")))
                throw new InvalidConnectionStringException($"The setting '{key}' is given twice in the KurrentDB connection string.");
        }
        return query;
    }
}
