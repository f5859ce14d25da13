using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>The stores a comparison runs on: always the embedded store; KurrentDB when a connection string is set.</summary>
public static class Stores
{
    public const string KurrentVariable = "KURRENTDB_CONNECTION_STRING";

    public static IEnumerable<(string Name, Func<Task<IEventStore>> Open)> Available(Options o)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rl-appendread-{Environment.ProcessId}.db");
        Ledgers.Delete(file);
        yield return ($"sqlite {(o.Text("durability") ?? "full")}", async () => await Ledgers.OpenSqliteAsync(file, o));
        if (Environment.GetEnvironmentVariable(KurrentVariable) is { Length: > 0 } connectionString)
            yield return ("kurrentdb", async () => await KurrentDbEventStore.ConnectAsync(connectionString));
    }
}
