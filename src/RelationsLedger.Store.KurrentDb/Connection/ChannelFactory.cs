using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>Opens gRPC channels to a node with the connection's TLS and HTTP/2 keep-alive settings.</summary>
internal static class ChannelFactory
{
    // SocketsHttpHandler refuses keep-alive periods under a second.
    private static readonly TimeSpan ShortestKeepAlive = TimeSpan.FromSeconds(1);

    /// <param name="opened">Told of each connection opened to the node (the first, and each after one was lost).</param>
    public static GrpcChannel Open(KurrentDbEndpoint node, KurrentDbConnectionSettings settings, Action opened)
    {
        var answered = false; // whether the node ever answered on a connection: only connections before that are guarded
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingDelay = KeepAlive(settings.KeepAliveInterval),
            KeepAlivePingTimeout = KeepAlive(settings.KeepAliveTimeout),
            // Ping even with no call in flight, so a dead connection is found before the next append.
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = settings.GossipTimeout,
            // An HTTP proxy carries HTTP/2 only inside a TLS tunnel (CONNECT): an insecure node's plain HTTP/2 would be sent
            // to the proxy the environment names (http_proxy, even for 127.0.0.1) and fail there, so it is reached directly.
            UseProxy = settings.Tls,
            // Called once a connection is open (after TLS), before its first byte: the store learns that its calls now reach a
            // node it has not spoken to on this connection, which may be another ledger's (a --mem-db node restarted).
            PlaintextStreamFilter = (context, _) =>
            {
                opened();
                return ValueTask.FromResult(Volatile.Read(ref answered)
                    ? context.PlaintextStream
                    : new FirstAnswerStream(context.PlaintextStream, () => Volatile.Write(ref answered, true)));
            },
        };
        if (settings.Tls) handler.SslOptions = Tls(settings);
        return GrpcChannel.ForAddress(node.ToUri(settings.Tls), new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 17 * 1024 * 1024, // the server's largest event (16 MiB) and its envelope
        });
    }

    private static TimeSpan KeepAlive(TimeSpan t) => t == Timeout.InfiniteTimeSpan ? t : t < ShortestKeepAlive ? ShortestKeepAlive : t;

    private static SslClientAuthenticationOptions Tls(KurrentDbConnectionSettings settings)
    {
        var options = new SslClientAuthenticationOptions();
        if (!settings.TlsVerifyCert)
        {
            // tlsVerifyCert=false: the user chose, in the connection string, to trust any certificate
            // (a development cluster with self-signed certificates), as the official clients allow.
#pragma warning disable CA5359
            options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (settings.TlsCaFile is { } caFile)
        {
            var ca = LoadCertificate(caFile);
            options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (errors == SslPolicyErrors.RemoteCertificateChainErrors && IsSignedBy(certificate, ca));
        }
        return options;
    }

    private static bool IsSignedBy(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static X509Certificate2 LoadCertificate(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidConnectionStringException($"tlsCaFile '{path}' cannot be read as a certificate: {e.Message}");
        }
    }
}
