using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using RelationsLedger.Store.KurrentDb.Connection;

namespace RelationsLedger.Hosting;

/// <summary>
/// Where a ledger's events are: a SQLite file (the embedded store) or a KurrentDB server named by a
/// connection string as the official clients take it. Read from <c>--store</c>, else
/// <c>RELATIONSLEDGER_STORE</c>, else <c>relationsledger.db</c> in the current folder.
/// </summary>
public sealed record StoreLocation
{
    public const string EnvironmentVariable = "RELATIONSLEDGER_STORE";
    public const string DefaultFile = "relationsledger.db";

    private StoreLocation(string text, string? file, object? server) => (Text, File, _server) = (text, file, server);

    // The server's settings, held as an object: a field (or a tuple) of their type is made ready with the location, which loaded
    // the KurrentDB backend's assembly for every store, a file's too (docs/performance.md, round 60). Only a connection string's
    // location holds one (ForServer).
    private readonly object? _server;

    /// <summary>What was given.</summary>
    public string Text { get; }

    /// <summary>The embedded store's file (full path), or null for KurrentDB.</summary>
    public string? File { get; }

    /// <summary>The KurrentDB server, or null for the embedded store.</summary>
    public KurrentDbConnectionSettings? Server => (KurrentDbConnectionSettings?)_server;

    public bool IsKurrentDb => _server is not null;

    // Every scheme the KurrentDB store accepts (docs/kurrentdb.md), with and without +discover.
    private static readonly string[] ConnectionSchemes =
        new[] { "kurrentdb", "kdb", "kurrent", "esdb" }.SelectMany(s => new[] { $"{s}:", $"{s}+discover:" }).ToArray();

    public static bool LooksLikeConnectionString(string text) =>
        ConnectionSchemes.Any(p => text.TrimStart().StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The default when no <c>--store</c> is given: the environment variable, else the default file.</summary>
    public static string Default() => FromEnvironment() ?? DefaultFile;

    /// <summary>The store <c>RELATIONSLEDGER_STORE</c> names; null when it is not set.</summary>
    public static string? FromEnvironment() => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv : null;

    /// <summary>Reads a store string; throws <see cref="StoreLocationException"/> saying what is wrong with it.</summary>
    public static StoreLocation Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new StoreLocationException("the store is empty: give a file (e.g. relationsledger.db) or a KurrentDB connection string (e.g. kurrentdb://127.0.0.1:2113?tls=false).");
        if (text.Any(char.IsControl))
            throw new StoreLocationException("the store contains control characters.");
        if (LooksLikeConnectionString(text)) return ForServer(text);
        if (text.Contains("://", StringComparison.Ordinal))
            throw new StoreLocationException($"'{WithoutCredentials(text)}' is neither a file nor a KurrentDB connection string (kurrentdb://, kdb://, kurrent:// or esdb://, each optionally +discover).");
        try
        {
            return new StoreLocation(text, Path.GetFullPath(text), null);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new StoreLocationException($"'{text}' is not a usable file name: {e.Message}");
        }
    }

    /// <summary>
    /// A connection string's location. A method of its own, never inlined, as <see cref="ServerReadModelPath"/> is: the code that
    /// names the KurrentDB backend's types is compiled (or, in the tool's ReadyToRun image, made ready) only when a store is a
    /// server, so a question on a file does not load that assembly (docs/performance.md, round 60).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StoreLocation ForServer(string text)
    {
        try
        {
            return new StoreLocation(text, null, KurrentDbConnectionSettings.Parse(text));
        }
        catch (InvalidConnectionStringException e)
        {
            throw new StoreLocationException(e.Message);
        }
    }

    /// <summary>A URL-like store string as it may be shown: whatever stands between <c>://</c> and the last <c>@</c> (user:password) as <c>***</c>.</summary>
    private static string WithoutCredentials(string text)
    {
        var (start, at) = (text.IndexOf("://", StringComparison.Ordinal) + 3, text.LastIndexOf('@'));
        return at > start ? $"{text[..start]}***{text[at..]}" : text;
    }

    /// <summary>
    /// The read model that belongs to this store, unless <c>RELATIONSLEDGER_READ_MODEL</c> names one: beside the
    /// embedded store's file (<c>ledger.db</c> → <c>ledger.projections.db</c>); for KurrentDB, a file in the current
    /// folder named after the server (<c>relationsledger-kurrentdb-127.0.0.1-2113-1a2b3c.projections.db</c>), so two
    /// stores never share a read model by accident. The read model also records which ledger it was built from.
    /// </summary>
    public string ReadModelPath()
    {
        if (Environment.GetEnvironmentVariable(ReadModelEnvironmentVariable) is { Length: > 0 } fromEnv)
        {
            // Blank, it was taken for a file name: a read model made in a file named "   " in the current folder.
            var blank = string.IsNullOrWhiteSpace(fromEnv);
            if (blank || fromEnv.Any(char.IsControl))
                throw new StoreLocationException($"it is {(blank ? "only spaces" : "a name with control characters")}; " +
                    "name a file (e.g. ledger.projections.db), or unset it (the read model then goes beside the store).", ReadModelEnvironmentVariable);
            return Path.GetFullPath(fromEnv);
        }
        return File is not null ? Projections.ReadModelDatabase.PathFor(File) : ServerReadModelPath();
    }

    /// <summary>A KurrentDB store's read model: a file in the current folder named after the server (<see cref="ReadModelPath"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private string ServerReadModelPath()
    {
        var first = Server!.Hosts[0];
        var identity = string.Join(",", Server.Hosts.Select(h => h.ToString().ToLowerInvariant())) + $"|tls={Server.Tls}|user={Server.UserName}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..6];
        var host = new string(first.Host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());
        return Path.GetFullPath($"relationsledger-kurrentdb-{host}-{first.Port}-{hash}.projections.db");
    }

    public const string ReadModelEnvironmentVariable = "RELATIONSLEDGER_READ_MODEL";

    public override string ToString() => File ?? Server!.Address;
}
