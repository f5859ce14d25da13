using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>The stores a comparison runs on: always the embedded store; KurrentDB when a connection string is set.</summary>
public static class Stores
{
    public const string KurrentVariable = "KURRENTDB_CONNECTION_STRING";

    /// <summary>The embedded store's fresh file: one a process.</summary>
    public static string SqlitePath { get; } = Path.Combine(Path.GetTempPath(), $"rl-appendread-{Environment.ProcessId}.db");

    public static IEnumerable<(string Name, Func<Task<IEventStore>> Open)> Available(Options o)
    {
        Ledgers.Delete(SqlitePath);
        yield return ($"sqlite {(o.Text("durability") ?? "full")}", async () => await Ledgers.OpenSqliteAsync(SqlitePath, o));
        if (Environment.GetEnvironmentVariable(KurrentVariable) is { Length: > 0 } connectionString)
            yield return ("kurrentdb", async () => await KurrentDbEventStore.ConnectAsync(connectionString));
    }
}
