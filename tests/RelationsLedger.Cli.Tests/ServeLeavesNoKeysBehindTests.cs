using System.Net;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Found in round 64: every <c>ledger serve</c> made an ASP.NET Core data-protection key at start and wrote it, unencrypted,
/// into <c>~/.aspnet/DataProtection-Keys</c> — a secret outside the ledger's folder that nothing of the ledger uses (keys come
/// in a header; it issues no cookie or token) — and warned in the log that the key "may be persisted to storage in
/// unencrypted form". The server now registers authentication's core only, and writes nothing into its user's home.
/// </summary>
public sealed class ServeLeavesNoKeysBehindTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_served_and_authenticated_ledger_writes_nothing_into_its_users_home_and_warns_of_no_key()
    {
        var home = Directory.CreateDirectory(_folder.File("home")).FullName;
        var store = _folder.File("ledger.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo")).ExitCode);
        string log;
        await using (var server = await ServeProcess.StartAsync(_folder.Path, store, "http://127.0.0.1:0", new Dictionary<string, string?> { ["HOME"] = home }))
        {
            // A request with the key, one with a wrong key and one with none: each of authentication's paths runs.
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/relationships/RU/taliban/state?asOf=2024-12-31")).StatusCode);
            using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/relationships/RU/taliban/state?asOf=2024-12-31")).StatusCode);
            anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "rl_not-a-key");
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/relationships/RU/taliban/state?asOf=2024-12-31")).StatusCode);
            log = server.Log;
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(home, "*", SearchOption.AllDirectories));
        Assert.DoesNotContain("DataProtection", log, StringComparison.Ordinal);
        Assert.DoesNotContain("XML encryptor", log, StringComparison.Ordinal);
    }
}
