namespace RelationsLedger.Store.KurrentDb.Cluster.Tests;

/// <summary>
/// A single node on disk that the tests stop and start again, named by environment variables only: <c>KURRENTDB_RESTARTABLE_NODE</c>
/// (its connection string), <c>KURRENTDB_STOP_NODE</c> and <c>KURRENTDB_START_NODE</c> (shell commands that stop it, and start
/// it again on the same data, returning once it answers), and <c>KURRENTDB_WIPE_NODE</c> (one that stops it and empties its data,
/// so that the next start is a new, empty log). Without them the tests are reported as skipped. It lives in this assembly because
/// its tests, like the failover tests, must run with nothing else using the node.
/// </summary>
internal static class RestartableNode
{
    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    public static (string ConnectionString, string Stop, string Start, string Wipe) Require()
    {
        var names = new[] { "KURRENTDB_RESTARTABLE_NODE", "KURRENTDB_STOP_NODE", "KURRENTDB_START_NODE", "KURRENTDB_WIPE_NODE" };
        var missing = names.Where(n => Env(n) is null).ToList();
        Skip.If(missing.Count > 0, $"{string.Join(", ", missing)} not set: no single node on disk to stop and start.");
        return (Env(names[0])!, Env(names[1])!, Env(names[2])!, Env(names[3])!);
    }
}
