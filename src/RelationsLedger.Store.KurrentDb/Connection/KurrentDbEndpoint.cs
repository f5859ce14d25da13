using System.Globalization;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>A node's address: a host name or IP address and its gRPC (HTTP) port.</summary>
public sealed record KurrentDbEndpoint(string Host, int Port)
{
    public const int DefaultPort = 2113;

    /// <summary>The URI the gRPC channel talks to.</summary>
    public Uri ToUri(bool tls) => new UriBuilder(tls ? "https" : "http", Host, Port).Uri;

    public override string ToString() =>
        (Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
}
