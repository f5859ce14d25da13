using System.Globalization;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>The <c>?key=value</c> settings of a KurrentDB connection string, with their checks.</summary>
internal static class ConnectionStringOptions
{
    private delegate KurrentDbConnectionSettings Setter(KurrentDbConnectionSettings s, string key, string value);

    private static readonly Dictionary<string, Setter> Setters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tls"] = (s, k, v) => s with { Tls = Bool(k, v) },
        ["tlsVerifyCert"] = (s, k, v) => s with { TlsVerifyCert = Bool(k, v) },
        ["tlsCaFile"] = (s, k, v) => s with { TlsCaFile = NonEmpty(k, v) },
        ["connectionName"] = (s, k, v) => s with { ConnectionName = NonEmpty(k, v) },
        // The official clients take -1 for "no deadline".
        ["defaultDeadline"] = (s, k, v) => s with { DefaultDeadline = Millis(k, v, allowOff: true) is { } d && d != Timeout.InfiniteTimeSpan ? d : null },
        ["keepAliveInterval"] = (s, k, v) => s with { KeepAliveInterval = Millis(k, v, allowOff: true) },
        ["keepAliveTimeout"] = (s, k, v) => s with { KeepAliveTimeout = Millis(k, v, allowOff: true) },
        ["nodePreference"] = (s, k, v) => s with { NodePreference = Preference(k, v) },
        ["maxDiscoverAttempts"] = (s, k, v) => s with { MaxDiscoverAttempts = PositiveInt(k, v) },
        ["discoveryInterval"] = (s, k, v) => s with { DiscoveryInterval = Millis(k, v, allowOff: false) },
        ["gossipTimeout"] = (s, k, v) => s with { GossipTimeout = Millis(k, v, allowOff: false) },
        // The store always reports a failed append as an exception, which is what true means.
        ["throwOnAppendFailure"] = (s, k, v) => Bool(k, v) ? s
            : throw new InvalidConnectionStringException("throwOnAppendFailure=false is not supported: the ledger's store always reports a failed append as an error."),
    };

    public static KurrentDbConnectionSettings Apply(KurrentDbConnectionSettings settings, IReadOnlyDictionary<string, string> query)
    {
        foreach (var (key, value) in query)
        {
            if (key.Equals("userCertFile", StringComparison.OrdinalIgnoreCase) || key.Equals("userKeyFile", StringComparison.OrdinalIgnoreCase))
                throw new InvalidConnectionStringException($"The setting '{key}' (X.509 user certificates) is not supported; give user:password@ credentials instead.");
            if (!Setters.TryGetValue(key, out var set))
                throw new InvalidConnectionStringException(
                    $"Unknown setting '{key}' in the KurrentDB connection string; known: {string.Join(", ", Setters.Keys.Order(StringComparer.Ordinal))}.");
            settings = set(settings, key, value);
        }
        return settings;
    }

    private static bool Bool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new InvalidConnectionStringException($"The setting {key}={value} in the KurrentDB connection string must be true or false."),
    };

    private static string NonEmpty(string key, string value) =>
        value.Length > 0 ? value : throw new InvalidConnectionStringException($"The setting '{key}' in the KurrentDB connection string is empty.");

    private static int PositiveInt(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new InvalidConnectionStringException($"The setting {key}={value} in the KurrentDB connection string must be a whole number above 0.");

    /// <summary>Milliseconds, as the official clients take them; -1 means off (infinite) where allowed.</summary>
    private static TimeSpan Millis(string key, string value, bool allowOff)
    {
        if (allowOff && value == "-1") return Timeout.InfiniteTimeSpan;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : throw new InvalidConnectionStringException(
                $"The setting {key}={value} in the KurrentDB connection string must be a number of milliseconds above 0{(allowOff ? ", or -1 for none" : "")}.");
    }

    private static NodePreference Preference(string key, string value) => value.ToLowerInvariant() switch
    {
        "leader" => NodePreference.Leader,
        "follower" => NodePreference.Follower,
        "random" => NodePreference.Random,
        "readonlyreplica" => NodePreference.ReadOnlyReplica,
        _ => throw new InvalidConnectionStringException($"The setting {key}={value} in the KurrentDB connection string must be leader, follower, random or readOnlyReplica."),
    };
}
