using System.CommandLine;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Which event store the ledger uses: a SQLite file path (the embedded store) or a KurrentDB
/// connection string. Taken from <c>--store</c>, else <c>RELATIONSLEDGER_STORE</c>, else
/// <c>relationsledger.db</c> in the current folder.
/// </summary>
public static class StoreOption
{
    public const string EnvironmentVariable = "RELATIONSLEDGER_STORE";
    public const string DefaultFile = "relationsledger.db";

    public static Option<string> Option { get; } = new("--store")
    {
        Description = $"A SQLite file (the embedded store) or a KurrentDB connection string (kurrentdb://host:2113?tls=false). Default: ${EnvironmentVariable}, else ./{DefaultFile}.",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv : DefaultFile,
    };

    // Every scheme the KurrentDB store accepts (docs/kurrentdb.md), with and without +discover.
    private static readonly string[] ConnectionSchemes =
        new[] { "kurrentdb", "kdb", "kurrent", "esdb" }.SelectMany(s => new[] { $"{s}://", $"{s}+discover://" }).ToArray();

    public static bool IsConnectionString(string store) =>
        ConnectionSchemes.Any(p => store.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    public static async Task<IEventStore> OpenAsync(string store, CancellationToken ct)
    {
        return IsConnectionString(store)
            ? await KurrentDbEventStore.ConnectAsync(store, ct)
            : await SqliteEventStore.OpenAsync(store, ct: ct);
    }
}
