using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Stores, read models and exports made by older builds of the ledger (Fixtures/OlderVersions, each made by the build of the
/// commit it is named after, its README says how), opened by this one: they verify, the digest the old build printed still
/// matches, every answer the old build gave is given again (fields are only added), and reading them changes no event.
/// </summary>
public sealed class OlderVersionsTests : IDisposable
{
    /// <summary>8e23fa7: a store before its identity and mark (version 0), read model 2; 5d9dd57: store 1, read model 2;
    /// ff5d722: read model 3; f87d226: read model 4, after the envelope's recordedThrough; 9b77d24: read model 6, items as JSON.</summary>
    public static TheoryData<string> Builds => new() { "8e23fa7", "5d9dd57", "ff5d722", "f87d226", "9b77d24" };

    /// <summary>The old build's answers (its own --json output, kept in the fixture) and the question that gave each.</summary>
    public static TheoryData<string, string, string[]> Answers()
    {
        var data = new TheoryData<string, string, string[]>();
        foreach (var build in Builds)
            foreach (var (answer, question) in Questions)
                data.Add(build, answer, question);
        return data;
    }

    /// <summary>The questions each fixture holds the old build's answer to, by the answer's file.</summary>
    public static readonly (string Answer, string[] Question)[] Questions =
    [
        ("state-RU-taliban.json", ["state", "RU", "taliban", "--as-of", "2024-12-31"]),
        ("state-RU-taliban-known.json", ["state", "RU", "taliban", "--as-of", "2025-05-10", "--known-at", "2025-04-01T00:00:00Z"]),
        ("state-US-CU.json", ["state", "US", "CU", "--as-of", "2024-12-31"]),
        ("state-US-KP.json", ["state", "US", "KP", "--as-of", "2024-12-31"]),
        ("history-US-CU.json", ["history", "US", "CU"]),
        ("audit-US-CU.json", ["audit", "US", "CU"]),
        ("missions-1950.json", ["missions-of", "US", "--at-least", "embassy", "--as-of", "1950-01-01"]),
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task A_store_made_by_an_older_build_verifies_and_the_digest_it_printed_still_matches(string build)
    {
        var dir = CopyOf(build);
        var store = Path.Combine(dir, "old.db");
        var token = File.ReadLines(Path.Combine(dir, "digest.txt")).First();
        var events = EventRows(store);

        var verified = await LedgerCli.RunAsync("--store", store, "verify", "--digest", token);
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Contains($"DIGEST OK: nothing recorded up to position {events.Count} ", verified.Out);
        var export = await LedgerCli.RunAsync("--store", store, "verify", "--file", Path.Combine(dir, "old.ndjson"), "--digest", token);
        Assert.True(export.ExitCode == 0, export.Out + export.Error);
        Assert.Contains("DIGEST OK", export.Out);
        var digest = await LedgerCli.RunAsync("--store", store, "digest");
        Assert.True(digest.ExitCode == 0, digest.Out + digest.Error);
        Assert.StartsWith($"rld2-{events.Count}-", digest.Out); // taken today in version 2 (it covers the log's order); the old build's rld1 token still checks, above

        Assert.Equal(events, EventRows(store)); // read, not rewritten: every row byte for byte
        Assert.Equal(1, await LedgerFiles.UserVersionAsync(store)); // the store of version 0 is given its identity and mark at first use (docs/events.md)
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_of_the_older_build_is_given_again_from_its_store_and_read_model(string build, string answer, string[] question)
    {
        var dir = CopyOf(build);
        var asked = await LedgerCli.RunAsync(["--store", Path.Combine(dir, "old.db"), .. question, "--json"]);
        Assert.True(asked.ExitCode == 0, asked.Out + asked.Error);

        var before = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, answer)));
        var now = JsonNode.Parse(asked.Out);
        Assert.Empty(Differences(before, now, "$"));
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task An_older_store_is_written_on_and_rebuilt_and_its_export_imports_whole(string build)
    {
        var dir = CopyOf(build);
        var store = Path.Combine(dir, "old.db");
        var events = EventRows(store).Count;

        var recorded = await LedgerCli.RunAsync("--store", store, "record", "impose-designation", "--actor", "US", "--counterpart", "IR",
            "--list", "State Sponsors of Terrorism", "--authority", "US Department of State", "--on", "1984-01-19",
            "--source", "publisher=US Department of State;title=State Sponsors of Terrorism;published=1984");
        Assert.True(recorded.ExitCode == 0, recorded.Out + recorded.Error);
        Assert.Contains($"(global position {events + 1})", recorded.Out);
        var rebuilt = await LedgerCli.RunAsync("--store", store, "projections", "rebuild");
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Out + rebuilt.Error);
        var verified = await LedgerCli.RunAsync("--store", store, "verify");
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Equal(1, await LedgerFiles.UserVersionAsync(store)); // no event of a later format: an older build (of version 1) still reads the file

        var copy = Path.Combine(dir, "imported.db");
        var imported = await LedgerCli.RunAsync("--store", copy, "import", Path.Combine(dir, "old.ndjson"));
        Assert.True(imported.ExitCode == 0, imported.Out + imported.Error);
        Assert.Contains($"Imported {events} event(s)", imported.Out);
        var copyVerified = await LedgerCli.RunAsync("--store", copy, "verify");
        Assert.True(copyVerified.ExitCode == 0, copyVerified.Out + copyVerified.Error);
    }

    [Fact]
    public async Task An_import_of_events_recorded_through_a_key_raises_the_store_to_the_format_that_says_so()
    {
        // recorded-through.ndjson: an export of a ledger 'ledger serve' recorded one event into through a key (README).
        var dir = CopyOf(".");
        var store = Path.Combine(dir, "imported.db");
        var imported = await LedgerCli.RunAsync("--store", store, "import", Path.Combine(dir, "recorded-through.ndjson"));
        Assert.True(imported.ExitCode == 0, imported.Out + imported.Error);
        Assert.Equal(2, await LedgerFiles.UserVersionAsync(store));

        var fromAnOlderExport = Path.Combine(dir, "older.db");
        imported = await LedgerCli.RunAsync("--store", fromAnOlderExport, "import", Path.Combine(dir, "f87d226", "old.ndjson"));
        Assert.True(imported.ExitCode == 0, imported.Out + imported.Error);
        Assert.Equal(1, await LedgerFiles.UserVersionAsync(fromAnOlderExport));
    }

    [Fact]
    public async Task A_read_model_of_version_6_with_its_items_as_json_is_made_again_in_version_7_at_its_first_question_and_answers_the_same()
    {
        var dir = CopyOf("9b77d24");
        var readModel = Path.Combine(dir, "old.projections.db");
        Assert.Equal((6L, "text"), ReadModelShape(readModel));

        var asked = await LedgerCli.RunAsync("--store", Path.Combine(dir, "old.db"), "state", "US", "CU", "--as-of", "2024-12-31", "--json");
        Assert.True(asked.ExitCode == 0, asked.Out + asked.Error);

        Assert.Equal((7L, "blob"), ReadModelShape(readModel)); // rebuilt: every payload in the binary form (ItemCodec)
        Assert.Empty(Differences(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "state-US-CU.json"))), JsonNode.Parse(asked.Out), "$"));
    }

    /// <summary>The relationships projection's schema version and the storage class of every item's payload (one, or "mixed").</summary>
    private static (long Version, string Payloads) ReadModelShape(string readModel)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = readModel, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT version FROM checkpoints WHERE projection = 'relationships'),
                   (SELECT CASE WHEN count(DISTINCT typeof(payload)) = 1 THEN min(typeof(payload)) ELSE 'mixed' END FROM item_versions)
            """;
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetString(1));
    }

    private string CopyOf(string build) => CopyOf(_folder, build);

    /// <summary>A copy of a fixture's folder in <paramref name="folder"/> (the tests change the files).</summary>
    internal static string CopyOf(TempFolder folder, string build)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "OlderVersions", build);
        var target = Directory.CreateDirectory(Path.Combine(folder.Path, build)).FullName;
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }

    /// <summary>What the old answer said that the new one does not say the same way; fields the new one adds are not differences.</summary>
    private static List<string> Differences(JsonNode? before, JsonNode? now, string path)
    {
        switch (before)
        {
            case JsonObject o:
                if (now is not JsonObject n) return [$"{path}: an object before, now {now?.ToJsonString() ?? "null"}"];
                return [.. o.SelectMany(p => n.ContainsKey(p.Key) ? Differences(p.Value, n[p.Key], $"{path}.{p.Key}") : [$"{path}.{p.Key}: gone"])];
            case JsonArray a:
                if (now is not JsonArray m || m.Count != a.Count) return [$"{path}: {a.ToJsonString()} before, now {now?.ToJsonString() ?? "null"}"];
                return [.. a.SelectMany((item, i) => Differences(item, m[i], $"{path}[{i}]"))];
            default:
                return JsonNode.DeepEquals(before, now) ? [] : [$"{path}: {before?.ToJsonString() ?? "null"} before, now {now?.ToJsonString() ?? "null"}"];
        }
    }

    /// <summary>Every event row of the store file, as stored (read only; the upgrade's tests compare them too).</summary>
    internal static List<string> EventRows(string store)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT position, event_id, stream, revision, type, hex(data), hex(metadata), recorded_at FROM events ORDER BY position";
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read()) rows.Add(string.Join('|', Enumerable.Range(0, r.FieldCount).Select(r.GetValue)));
        return rows;
    }
}
