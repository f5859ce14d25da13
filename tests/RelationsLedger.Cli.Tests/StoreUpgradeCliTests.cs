using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger store upgrade</c> on stores older builds made (Fixtures/OlderVersions) and as a process killed midway: the upgraded
/// store exports the same bytes, the digests taken before still say DIGEST OK, every answer is given again.
/// </summary>
public sealed class StoreUpgradeCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(OlderVersionsTests.Builds), MemberType = typeof(OlderVersionsTests))]
    public async Task An_older_builds_store_upgraded_exports_the_same_bytes_and_its_digests_and_answers_hold(string build)
    {
        var dir = OlderVersionsTests.CopyOf(_folder, build);
        var store = Path.Combine(dir, "old.db");
        var oldToken = File.ReadLines(Path.Combine(dir, "digest.txt")).First(); // rld1, printed by the old build
        var digest = await LedgerCli.RunAsync("--store", store, "digest");
        var token = digest.Out.Split('\n').Single(l => l.StartsWith("rld2-", StringComparison.Ordinal)); // taken before the upgrade
        var before = Path.Combine(dir, "before.ndjson");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "export", "-o", before)).ExitCode);
        var answers = new List<(string File, string Answer)>();
        foreach (var (answer, question) in OlderVersionsTests.Questions)
            answers.Add((answer, (await LedgerCli.RunAsync(["--store", store, .. question, "--json"])).Out));

        var upgraded = await LedgerCli.RunAsync("--store", store, "store", "upgrade");

        Assert.True(upgraded.ExitCode == 0, upgraded.Out + upgraded.Error);
        Assert.Matches($"^Upgraded {System.Text.RegularExpressions.Regex.Escape(store)} from version 1 to 4: 4[58] events, [0-9,]+ → [0-9,]+ bytes. Builds before version 4 no longer read it.\n$", upgraded.Out);
        Assert.Equal(4, await LedgerFiles.UserVersionAsync(store));
        var after = Path.Combine(dir, "after.ndjson");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "export", "-o", after)).ExitCode);
        Assert.Equal(File.ReadAllBytes(before), File.ReadAllBytes(after));
        foreach (var checkedToken in new[] { oldToken, token })
        {
            var verified = await LedgerCli.RunAsync("--store", store, "verify", "--digest", checkedToken);
            Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
            Assert.Contains("DIGEST OK", verified.Out);
        }
        foreach (var (answer, question) in OlderVersionsTests.Questions)
        {
            var asked = await LedgerCli.RunAsync(["--store", store, .. question, "--json"]);
            Assert.True(asked.ExitCode == 0, asked.Out + asked.Error);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(answers.Single(a => a.File == answer).Answer), JsonNode.Parse(asked.Out)), answer);
        }
        var again = await LedgerCli.RunAsync("--store", store, "store", "upgrade");
        Assert.Equal(($"{store} is already version 4 (the compact layout, zstd): nothing to do.\n", 0), (again.Out, again.ExitCode));
    }

    /// <summary>
    /// The process killed (SIGKILL) once it has copied its first events: the store holds the same rows, at its version, in WAL
    /// mode; the unfinished copy beside it is deleted by the next upgrade, which completes.
    /// </summary>
    [Fact]
    public async Task An_upgrade_killed_midway_leaves_the_store_as_it_was_and_the_next_one_completes()
    {
        var store = _folder.File("l.db");
        await using (var writer = StoreVersions.MakeAt(await SqliteEventStore.OpenAsync(store, SqliteDurability.Normal), StoreVersions.Text))
            for (var s = 0; s < 100; s++)
                await writer.AppendAsync($"relationship-A{s}~BB", ExpectedRevision.NoStream, [.. Enumerable.Range(0, 1000).Select(n => new EventData(Guid.NewGuid(), "StatementMade",
                    Encoding.UTF8.GetBytes($$"""{"n":{{n}},"summary":"statement {{n}} of stream {{s}}"}"""), Encoding.UTF8.GetBytes($$"""{"$correlationId":"{{Guid.NewGuid():D}}"}""")))]);
        SqliteConnection.ClearAllPools();
        var rows = Rows(store);

        using (var process = LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), ["--store", store, "store", "upgrade"]))
        {
            // Killed from a thread of its own the moment the line arrives: an await's continuation can wait behind the other
            // tests' work (CI runs them side by side) long enough for the upgrade to finish — on a quiet machine the 90,000 events
            // after the first line take about a second.
            var firstLine = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            new Thread(() =>
            {
                var line = process.StandardError.ReadLine();
                process.Kill();
                firstLine.SetResult(line);
            }) { IsBackground = true }.Start();
            Assert.StartsWith("Copied 10,000 of 100,000 events", await firstLine.Task, StringComparison.Ordinal);
            await process.WaitForExitAsync();
        }

        Assert.Equal(rows, Rows(store));
        Assert.Equal((1, "wal"), (await LedgerFiles.UserVersionAsync(store), Scalar(store, "PRAGMA journal_mode")));
        Assert.True(File.Exists(StoreUpgrade.CopyOf(store)), "the killed process left its unfinished copy");
        var verified = await LedgerCli.RunAsync("--store", store, "store", "upgrade", "--json");
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Equal(100_000, JsonNode.Parse(verified.Out)!["events"]!.GetValue<long>());
        Assert.False(File.Exists(StoreUpgrade.CopyOf(store)));
        Assert.Equal(4, await LedgerFiles.UserVersionAsync(store));
    }

    [Fact]
    public async Task A_store_a_running_server_holds_is_refused_with_exit_code_4()
    {
        var store = _folder.File("l.db");
        await StoreVersions.CreateAsync(store, StoreVersions.Text);
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "record", "make-statement", "--actor", "US", "--counterpart", "CU", "--speaker", "President",
            "--stance", "hostile", "--summary", "x", "--on", "2020-01-01", "--source", "publisher=P;title=T;published=2020")).ExitCode);
        await using var held = await SqliteEventStore.OpenAsync(store);
        await held.AppendAsync("relationship-ZZ~YY", ExpectedRevision.NoStream, [new EventData(Guid.NewGuid(), "StatementMade", "{}"u8.ToArray(), "{}"u8.ToArray())]);

        var refused = await LedgerCli.RunAsync("--store", store, "store", "upgrade");

        Assert.Equal(4, refused.ExitCode);
        Assert.Contains($"Cannot upgrade {store}: another process has it open (a running 'ledger serve'?). It was not changed", refused.Error);
        Assert.Equal(1, await LedgerFiles.UserVersionAsync(store));
    }

    /// <summary>
    /// Found in round 45: with 'ledger serve' running on the store, 'ledger store upgrade' (another process) said only "another
    /// process has it open (a running 'ledger serve'?)" — the operator had to find it with lsof, and a second upgrade running
    /// beside the first was told the same of it. Now the refusal names the process and its command line; the server goes on
    /// answering and recording, and the store is as it was.
    /// </summary>
    [Fact]
    public async Task A_store_a_server_holds_is_refused_naming_the_server_s_process_which_goes_on_serving()
    {
        var store = _folder.File("l.db");
        await StoreVersions.CreateAsync(store, StoreVersions.Text);
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "record", "make-statement", "--actor", "US", "--counterpart", "CU", "--speaker", "President",
            "--stance", "hostile", "--summary", "x", "--on", "2020-01-01", "--source", "publisher=P;title=T;published=2020")).ExitCode);
        SqliteConnection.ClearAllPools();
        var rows = Rows(store);
        await using var server = await ServeProcess.StartAsync(_folder.Path, store);

        var refused = await LedgerCli.RunProcessAsync(_folder.Path, "--store", store, "store", "upgrade");

        Assert.True(refused.ExitCode == 4, $"exit {refused.ExitCode}: {refused.Out}{refused.Error}");
        Assert.Contains($"Cannot upgrade {store}: another process has it open (process {server.Id}: dotnet ", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"ledger.dll --store {store} serve --urls http://127.0.0.1:0). It was not changed; stop that process", refused.Error, StringComparison.Ordinal);
        Assert.Equal(rows, Rows(store));
        Assert.Equal(1, await LedgerFiles.UserVersionAsync(store));
        using var answer = await server.Client.GetAsync("/relationships/CU/US/state?asOf=2021-01-01");
        Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}: {server.Log}");
        Assert.False(File.Exists(StoreUpgrade.CopyOf(store)));
    }

    private static string Scalar(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static List<string> Rows(string path) => OlderVersionsTests.EventRows(path);
}
