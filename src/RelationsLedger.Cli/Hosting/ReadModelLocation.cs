using RelationsLedger.Projections;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Where the read models live: <c>RELATIONSLEDGER_READ_MODEL</c> when set; else, for the embedded
/// store, the sibling file <c>&lt;store&gt;.projections.db</c>; for a KurrentDB connection string, a
/// local <c>relationsledger.projections.db</c> (read models are always local).
/// </summary>
public static class ReadModelLocation
{
    public const string EnvironmentVariable = "RELATIONSLEDGER_READ_MODEL";

    public static string For(string store) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv
        : StoreOption.IsConnectionString(store) ? "relationsledger.projections.db"
        : ReadModelDatabase.PathFor(store);
}
