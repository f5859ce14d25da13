namespace RelationsLedger.Cli.Tests;

/// <summary>
/// What a cold question on the embedded store no longer loads: the KurrentDB backend (and with it the gRPC client), and for
/// <c>--json</c> the console library the tables are drawn with (docs/performance.md, round 60). Loading an assembly costs a
/// process its binding, its file's mapping and the types it is asked for; these were loaded by the store's name being parsed
/// and by the question's rendering being named, not used. Listed by a start-up hook as the real process exits.
/// </summary>
public sealed class ColdAssembliesTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => Path.Combine(_folder.Path, "ledger.db");

    // The backend and the gRPC client it speaks to KurrentDB with (the tool ships no KurrentDB client library of its own).
    private static readonly string[] KurrentDbBackend = ["RelationsLedger.Store.KurrentDb", "Grpc.Net.Client", "Grpc.Net.Common", "Grpc.Core.Api", "Google.Protobuf"];

    private async Task<string[]> LoadedByAsync(params string[] options)
    {
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "demo")).ExitCode);
        var (run, loaded) = await LedgerCli.RunProcessListingAssembliesAsync(_folder.Path,
            ["--store", Store, "state", "RU", "taliban", "--as-of", "2024-12-31", .. options]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("RelationsLedger.Store.Sqlite", loaded); // the list is the process's: the store it read is in it
        return loaded;
    }

    [Fact]
    public async Task A_question_on_the_embedded_store_does_not_load_the_KurrentDB_backend()
    {
        var loaded = await LoadedByAsync();
        Assert.Empty(loaded.Intersect(KurrentDbBackend));
        Assert.Contains("Spectre.Console", loaded); // a table is drawn with it
    }

    [Fact]
    public async Task A_question_answered_as_JSON_loads_neither_the_KurrentDB_backend_nor_the_console_library()
    {
        var loaded = await LoadedByAsync("--json");
        Assert.Empty(loaded.Intersect(KurrentDbBackend));
        Assert.DoesNotContain("Spectre.Console", loaded);
    }

    public void Dispose() => _folder.Dispose();
}
