using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Testing;

/// <summary>
/// The real KurrentDB/EventStoreDB server the integration tests use, named by the
/// KURRENTDB_CONNECTION_STRING environment variable (e.g. esdb://127.0.0.1:2113?tls=false).
/// Without it those tests are reported as skipped.
/// </summary>
public static class ServerUnderTest
{
    public const string Variable = "KURRENTDB_CONNECTION_STRING";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static string? SkipReason => ConnectionString is null ? $"{Variable} is not set: no KurrentDB server to test against." : null;

    public static string Require()
    {
        Skip.If(SkipReason is not null, SkipReason);
        return ConnectionString!;
    }

    /// <summary>
    /// The server under test's settings when it is one insecure node, which a <see cref="TcpProxy"/> can stand in front of (to cut
    /// or count its connections); skipped for a cluster, discovery or TLS.
    /// </summary>
    public static KurrentDbConnectionSettings RequireOneInsecureNode()
    {
        var settings = KurrentDbConnectionSettings.Parse(Require());
        Skip.If(settings.Discover || settings.Tls || settings.Hosts.Count != 1, "The proxy stands in front of one insecure node.");
        return settings;
    }
}
