using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Stores and read models that are not what they seem (issue #11): a read model never answers for a store
/// it was not built from; a file that is not a ledger is refused and left byte for byte as it was; no
/// input or environment fault prints a stack trace.
/// </summary>
public sealed class HostileStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("relationsledger.db");
    private string ReadModel => _folder.File("relationsledger.projections.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private Task<CliResult> Engagement(string title, string store) => LedgerCli.RunAsync([
        "--store", store, "record", "hold-engagement", "--party-a", "FR", "--party-b", "DE", "--kind", "talks", "--title", title,
        "--on", "2020-05", "--source", "publisher=AFP;title=Talks"]);

    private async Task<string> TitlesAsync(string store)
    {
        var state = await LedgerCli.RunAsync("--store", store, "state", "DE", "FR", "--as-of", "2021-01-01", "--json");
        Assert.True(state.ExitCode == 0, state.Error);
        return string.Join(",", JsonDocument.Parse(state.Out).RootElement.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
    }

    private static void AssertNoStackTrace(CliResult run) =>
        Assert.False(run.Error.Contains("   at ", StringComparison.Ordinal) || run.Out.Contains("   at ", StringComparison.Ordinal), $"a stack trace was printed:\n{run.Error}{run.Out}");

    [Fact]
    public async Task A_read_model_never_answers_for_a_store_that_replaced_the_one_it_was_built_from()
    {
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        Assert.Equal("A", await TitlesAsync(Store));

        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { Store, Store + "-wal", Store + "-shm" }) File.Delete(f);
        Assert.True(File.Exists(ReadModel), "the read model of the deleted store stays");

        Assert.Equal(0, (await Engagement("B", Store)).ExitCode);
        var state = await LedgerCli.RunAsync("--store", Store, "state", "DE", "FR", "--as-of", "2021-01-01", "--json");
        Assert.Equal("B", string.Join(",", JsonDocument.Parse(state.Out).RootElement.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("title").GetString())));
        Assert.Contains("made again from the log", state.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_model_whose_checkpoint_lies_beyond_the_log_is_made_again()
    {
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        SqliteConnection.ClearAllPools();
        File.Copy(Store, _folder.File("first.db")); // the same ledger (same identity), one event long
        Assert.Equal(0, (await Engagement("B", Store)).ExitCode);
        Assert.Equal("A,B", await TitlesAsync(Store));

        SqliteConnection.ClearAllPools();
        File.Copy(_folder.File("first.db"), Store, overwrite: true); // the log is now shorter than the read model's checkpoint
        foreach (var f in new[] { Store + "-wal", Store + "-shm" }) File.Delete(f);
        Assert.Equal("A", await TitlesAsync(Store));
        var status = await Ledger("projections", "status", "--json");
        Assert.Equal(0, JsonDocument.Parse(status.Out).RootElement[0].GetProperty("behind").GetInt64());
    }

    [Fact]
    public async Task A_read_model_of_events_an_older_copy_lost_is_made_again_though_the_log_grew_past_its_checkpoint()
    {
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        SqliteConnection.ClearAllPools();
        File.Copy(Store, _folder.File("first.db")); // the same ledger, one event long
        Assert.Equal(0, (await Engagement("B", Store)).ExitCode);
        Assert.Equal("A,B", await TitlesAsync(Store)); // the read model's checkpoint: position 2, event B

        SqliteConnection.ClearAllPools();
        File.Copy(_folder.File("first.db"), Store, overwrite: true);
        foreach (var f in new[] { Store + "-wal", Store + "-shm" }) File.Delete(f);
        Assert.Equal(0, (await Engagement("C", Store)).ExitCode); // position 2 again, another event
        Assert.Equal(0, (await Engagement("D", Store)).ExitCode); // position 3: the log now ends past the checkpoint

        // Before the next catch-up, the status says the read model is of another history (before: 'behind 1', as if current but for one event).
        var status = JsonDocument.Parse((await Ledger("projections", "status", "--json")).Out).RootElement[0];
        Assert.Contains("is no longer in the log", status.GetProperty("diverged").GetString(), StringComparison.Ordinal);
        Assert.Contains("is no longer in the log", (await Ledger("projections", "status")).Out, StringComparison.Ordinal);

        var state = await LedgerCli.RunAsync("--store", Store, "state", "DE", "FR", "--as-of", "2021-01-01", "--json");
        Assert.True(state.ExitCode == 0, state.Error);
        Assert.Equal("A,C,D", string.Join(",", JsonDocument.Parse(state.Out).RootElement.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("title").GetString())));
        Assert.Contains("made again from the log", state.Error, StringComparison.Ordinal);
        Assert.Contains("is no longer in the log", state.Error, StringComparison.Ordinal);
        var after = JsonDocument.Parse((await Ledger("projections", "status", "--json")).Out).RootElement[0];
        Assert.Equal(JsonValueKind.Null, after.GetProperty("diverged").ValueKind);
    }

    [Fact]
    public async Task The_status_counts_a_relationship_whose_first_events_are_gone_from_the_log_and_its_state_is_refused()
    {
        // The log's shape after a KurrentDB scavenge of a truncated stream, made here by deleting the first rows of FR~DE.
        foreach (var title in new[] { "A", "B", "C" }) Assert.Equal(0, (await Engagement(title, Store)).ExitCode);
        await using (var connection = new SqliteConnection($"Data Source={Store};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM events WHERE stream = 'relationship-DE~FR' AND revision < 2";
            Assert.Equal(2, await delete.ExecuteNonQueryAsync());
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, (await Ledger("projections", "rebuild")).ExitCode);

        var state = await LedgerCli.RunAsync("--store", Store, "state", "DE", "FR", "--as-of", "2021-01-01");
        Assert.True(state.ExitCode == 5, $"exit {state.ExitCode}: {state.Out}{state.Error}");
        var status = JsonDocument.Parse((await Ledger("projections", "status", "--json")).Out).RootElement[0];
        Assert.Equal((0, 1), (status.GetProperty("passedOver").GetInt64(), status.GetProperty("notWhole").GetInt64()));
        Assert.Contains("Not whole in the log: 1 relationship(s)", (await Ledger("projections", "status")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_model_whose_last_event_is_back_at_another_position_is_made_again()
    {
        // A careless operator: the store is put back from a backup, someone records into it, then last night's export is
        // imported to bring back what the backup lacked. The read model's last event (B) is again at its stream's
        // revision, with its id, but one position later: the log before it is another history (X is new at position 2).
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        SqliteConnection.ClearAllPools();
        File.Copy(Store, _folder.File("backup.db")); // the same ledger, one event long
        Assert.Equal(0, (await Engagement("B", Store)).ExitCode);
        var export = _folder.File("export.ndjson");
        Assert.Equal(0, (await Ledger("export", "-o", export)).ExitCode);
        Assert.Equal("A,B", await TitlesAsync(Store)); // the read model's checkpoint: position 2, event B (DE~FR revision 1)

        SqliteConnection.ClearAllPools();
        File.Copy(_folder.File("backup.db"), Store, overwrite: true);
        foreach (var f in new[] { Store + "-wal", Store + "-shm" }) File.Delete(f);
        var x = await LedgerCli.RunAsync("--store", Store, "record", "hold-engagement", "--party-a", "ES", "--party-b", "IT", "--kind", "talks",
            "--title", "X", "--on", "2020-05", "--source", "publisher=AFP;title=Talks"); // position 2, in another relationship
        Assert.True(x.ExitCode == 0, x.Error);
        var import = await Ledger("import", export); // A is there; B lands at position 3
        Assert.True(import.ExitCode == 0, import.Error);

        var state = await LedgerCli.RunAsync("--store", Store, "state", "ES", "IT", "--as-of", "2021-01-01", "--json");
        Assert.True(state.ExitCode == 0, state.Error);
        Assert.Equal("X", string.Join(",", JsonDocument.Parse(state.Out).RootElement.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("title").GetString())));
        Assert.Contains("revision 1) is at position 3 of the log there, not at 2 where it applied it", state.Error, StringComparison.Ordinal);
        Assert.Equal("A,B", await TitlesAsync(Store)); // before: A,B,B — B applied again from position 3
    }

    [Fact]
    public async Task A_read_model_never_answers_for_another_ledger_whose_log_holds_its_last_event_at_its_position()
    {
        // The store is replaced by a new one (another ledger), given one relationship of the old one by an import: the read
        // model's last event (A) is at its place, revision and position, but the event before it (X) is not this log's.
        // Only the ledger's identity tells the two logs apart.
        async Task<string> EsIt()
        {
            var state = await LedgerCli.RunAsync("--store", Store, "state", "ES", "IT", "--as-of", "2021-01-01", "--json");
            Assert.True(state.ExitCode == 0, state.Error);
            return string.Join(",", JsonDocument.Parse(state.Out).RootElement.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
        }
        Task<CliResult> EsItEngagement(string title) => LedgerCli.RunAsync(["--store", Store, "record", "hold-engagement", "--party-a", "ES", "--party-b", "IT",
            "--kind", "talks", "--title", title, "--on", "2020-05", "--source", "publisher=AFP;title=Talks"]);
        Assert.Equal(0, (await EsItEngagement("X")).ExitCode); // position 1
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode); // position 2
        var export = _folder.File("de-fr.ndjson");
        Assert.Equal(0, (await Ledger("export", "--relationship", "DE", "FR", "-o", export)).ExitCode);
        Assert.Equal("X", await EsIt()); // the read model's checkpoint: position 2, event A (DE~FR revision 0)

        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { Store, Store + "-wal", Store + "-shm" }) File.Delete(f);
        Assert.Equal(0, (await EsItEngagement("Y")).ExitCode); // a new ledger: Y at position 1
        var import = await Ledger("import", export); // A at position 2
        Assert.True(import.ExitCode == 0, import.Error);

        Assert.Equal("Y", await EsIt());
        Assert.Equal("A", await TitlesAsync(Store));
    }

    [Fact]
    public async Task Two_stores_sharing_one_read_model_file_never_answer_for_each_other()
    {
        var shared = _folder.File("shared.projections.db");
        var environment = new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = shared };
        async Task<string> Titles(string store)
        {
            var run = await LedgerCli.RunProcessAsync(_folder.Path, environment, "--store", store, "state", "DE", "FR", "--as-of", "2021-01-01", "--json");
            Assert.True(run.ExitCode == 0, run.Error);
            return string.Join(",", JsonDocument.Parse(run.Out).RootElement.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
        }
        Assert.Equal(0, (await Engagement("A", _folder.File("one.db"))).ExitCode);
        Assert.Equal(0, (await Engagement("B", _folder.File("two.db"))).ExitCode);
        Assert.Equal("A", await Titles(_folder.File("one.db")));
        Assert.Equal("B", await Titles(_folder.File("two.db")));
        Assert.Equal("A", await Titles(_folder.File("one.db")));
    }

    [Fact]
    public async Task Stores_told_apart_by_their_extension_each_keep_a_read_model_of_their_own()
    {
        // ledger.v1 and ledger.v2 were both given ledger.projections.db: every question to the other store made it again
        // from the log ("made again", a minute at 1M events), and a server of one had its read model rebuilt under it.
        var (v1, v2) = (_folder.File("ledger.v1"), _folder.File("ledger.v2"));
        Assert.Equal(0, (await Engagement("A", v1)).ExitCode);
        Assert.Equal(0, (await Engagement("B", v2)).ExitCode);
        foreach (var (store, title) in new[] { (v1, "A"), (v2, "B"), (v1, "A"), (v2, "B") })
        {
            var run = await LedgerCli.RunAsync("--store", store, "state", "DE", "FR", "--as-of", "2021-01-01", "--json");
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Equal(title, string.Join(",", JsonDocument.Parse(run.Out).RootElement.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("title").GetString())));
            Assert.DoesNotContain("made again", run.Error, StringComparison.Ordinal);
        }
        Assert.True(File.Exists(_folder.File("ledger.v1.projections.db")) && File.Exists(_folder.File("ledger.v2.projections.db")));
        Assert.False(File.Exists(_folder.File("ledger.projections.db")), "a read model named after neither store");
        // A store named …db keeps the read model it always had.
        Assert.Equal(_folder.File("ledger.projections.db"), RelationsLedger.Hosting.StoreLocation.Parse(_folder.File("ledger.db")).ReadModelPath());
        Assert.Equal(_folder.File("archive.projections.db"), RelationsLedger.Hosting.StoreLocation.Parse(_folder.File("archive.DB")).ReadModelPath());
        Assert.Equal(_folder.File("ledger.projections.db"), RelationsLedger.Hosting.StoreLocation.Parse(_folder.File("ledger")).ReadModelPath());
    }

    [Fact]
    public void The_default_read_model_of_a_KurrentDB_store_is_not_the_embedded_stores()
    {
        var embedded = RelationsLedger.Hosting.StoreLocation.Parse("relationsledger.db").ReadModelPath();
        var server = RelationsLedger.Hosting.StoreLocation.Parse("kurrentdb://127.0.0.1:2113?tls=false").ReadModelPath();
        var other = RelationsLedger.Hosting.StoreLocation.Parse("kurrentdb://10.0.0.7:2113?tls=false").ReadModelPath();
        Assert.NotEqual(embedded, server);
        Assert.NotEqual(server, other);
        Assert.Contains("kurrentdb-127.0.0.1-2113", server, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_read_model_is_thrown_away_and_made_again()
    {
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        Assert.Equal("A", await TitlesAsync(Store));
        SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(ReadModel, "garbage\n");
        foreach (var f in new[] { ReadModel + "-wal", ReadModel + "-shm" }) File.Delete(f);

        var state = await LedgerCli.RunAsync("--store", Store, "state", "DE", "FR", "--as-of", "2021-01-01", "--json");
        Assert.True(state.ExitCode == 0, state.Error);
        Assert.Contains("could not be read", state.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(ReadModel, "garbage again\n");
        var status = await Ledger("projections", "status");
        Assert.True(status.ExitCode == 0, status.Error);
        await File.WriteAllTextAsync(ReadModel, "and again\n");
        var rebuild = await Ledger("projections", "rebuild", "--json");
        Assert.True(rebuild.ExitCode == 0, rebuild.Error);
        Assert.Equal(1, JsonDocument.Parse(rebuild.Out).RootElement.GetProperty("events").GetInt64());
        AssertNoStackTrace(rebuild);
    }

    public static TheoryData<string> Commands() => new()
    {
        "verify", "state RU taliban", "history RU taliban", "digest", "projections status",
        "record impose-designation --actor RU --counterpart taliban --list L --authority A --on 2003 --source publisher=P;title=T",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task The_SQLite_file_of_another_application_is_refused_and_left_byte_for_byte(string command)
    {
        var path = _folder.File("other-app.db");
        await using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada');";
            await cmd.ExecuteNonQueryAsync();
        }
        var before = SHA256.HashData(await File.ReadAllBytesAsync(path));

        var run = await LedgerCli.RunAsync(["--store", path, .. command.Split(' ')]);

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("is not a RelationsLedger store", run.Error, StringComparison.Ordinal);
        Assert.Contains("users", run.Error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path)));
        Assert.False(File.Exists(path + "-wal"), "the file was switched to WAL");
    }

    public static TheoryData<string, string> NotReadModels() => new()
    {
        { "the store itself", "it is a RelationsLedger store (an event log), not a read model" },
        { "a CRM's database", "it is a SQLite database of something else (tables: customers, notes)" },
        { "another application's marked database", "it is the SQLite database of another application (application id 0x0000beef)" },
        { "a thesis", "it is not a SQLite database" },
    };

    /// <summary>
    /// A mistaken RELATIONSLEDGER_READ_MODEL. Before, the read model wrote its tables into the store, dropped a CRM's own
    /// <c>relationships</c> and <c>facts</c> tables to make its own, and "threw away" a text file that was not a database.
    /// </summary>
    [Theory]
    [MemberData(nameof(NotReadModels))]
    public async Task A_read_model_named_where_another_file_is_refuses_to_touch_it(string what, string why)
    {
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        var path = what switch
        {
            "the store itself" => Store,
            "a thesis" => _folder.File("thesis.txt"),
            _ => _folder.File("crm.db"),
        };
        if (what == "a thesis") await File.WriteAllTextAsync(path, "Chapter 1. Three hundred pages of it.\n");
        if (what.Contains("database", StringComparison.Ordinal))
        {
            await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE notes (text TEXT); CREATE TABLE relationships (customer INTEGER);" +
                "CREATE TABLE facts (note TEXT); INSERT INTO customers (name) VALUES ('ACME');" + (what.Contains("marked", StringComparison.Ordinal) ? "PRAGMA application_id = 48879;" : "");
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(path);
        var environment = new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = path };

        foreach (var command in new[] { "state DE FR", "projections status", "projections rebuild", "designations-by FR", "panel --from 2020 --to 2021" })
        {
            var run = await LedgerCli.RunProcessAsync(_folder.Path, environment, ["--store", Store, .. command.Split(' ')]);
            Assert.True(run.ExitCode == 7, $"{command}: exit {run.ExitCode}\n{run.Error}");
            Assert.Contains($"{path} is not a RelationsLedger read model: {why}. It was not changed", run.Error, StringComparison.Ordinal);
            AssertNoStackTrace(run);
            Assert.Equal(before, await File.ReadAllBytesAsync(path));
            Assert.False(File.Exists(path + ".rebuild"), "a rebuild was left beside it");
        }
        Assert.Equal(0, (await Ledger("verify")).ExitCode);
    }

    [Fact]
    public async Task A_read_model_carries_its_mark_and_one_of_an_earlier_version_without_it_is_used_and_marked()
    {
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        Assert.Equal("A", await TitlesAsync(Store));
        Assert.Equal(0x524C524D, ApplicationId(ReadModel));

        SetApplicationId(ReadModel, 0); // as an earlier version left it: read-model tables, no mark
        Assert.Equal(0, (await Engagement("B", Store)).ExitCode);
        Assert.Equal("A,B", await TitlesAsync(Store));
        Assert.Equal(0x524C524D, ApplicationId(ReadModel));
    }

    [Fact]
    public async Task A_read_model_given_as_the_store_is_named_as_such_and_left_unchanged()
    {
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        Assert.Equal("A", await TitlesAsync(Store));
        SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(ReadModel);

        var run = await LedgerCli.RunAsync("--store", ReadModel, "verify");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("is not a RelationsLedger store: it is a RelationsLedger read model (made from a store's events), not the store", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(ReadModel));
    }

    private static long ApplicationId(string path)
    {
        SqliteConnection.ClearAllPools();
        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA application_id";
        return (long)cmd.ExecuteScalar()!;
    }

    private static void SetApplicationId(string path, int id)
    {
        SqliteConnection.ClearAllPools();
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA application_id = {id}";
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public async Task An_events_table_of_another_shape_and_a_file_that_is_not_SQLite_are_refused_unchanged()
    {
        var shaped = _folder.File("events.db");
        await using (var c = new SqliteConnection($"Data Source={shaped};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT, at TEXT);";
            await cmd.ExecuteNonQueryAsync();
        }
        var text = _folder.File("notes.txt");
        await File.WriteAllTextAsync(text, "this is not a database\n");
        foreach (var path in new[] { shaped, text })
        {
            var before = await File.ReadAllBytesAsync(path);
            var run = await LedgerCli.RunAsync("--store", path, "verify");
            Assert.Equal(4, run.ExitCode);
            Assert.Contains("is not a RelationsLedger store", run.Error, StringComparison.Ordinal);
            AssertNoStackTrace(run);
            Assert.Equal(before, await File.ReadAllBytesAsync(path));
        }
    }

    [Fact]
    public async Task A_folder_a_missing_folder_and_a_place_that_cannot_hold_a_file_are_named()
    {
        var folder = await LedgerCli.RunAsync("--store", _folder.Path, "state", "RU", "taliban");
        Assert.Equal(4, folder.ExitCode);
        Assert.Contains("it is a folder", folder.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", folder.Error, StringComparison.Ordinal);

        var missing = await LedgerCli.RunAsync("--store", _folder.File("no/such/folder/l.db"), "state", "RU", "taliban");
        Assert.Equal(4, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);

        var proc = await LedgerCli.RunAsync("--store", "/proc/relationsledger-test.db", "record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
            "--list", "L", "--authority", "A", "--on", "2003", "--source", "publisher=P;title=T");
        Assert.Equal(4, proc.ExitCode);
        Assert.Contains("/proc/relationsledger-test.db", proc.Error, StringComparison.Ordinal);
        foreach (var run in new[] { folder, missing, proc }) AssertNoStackTrace(run);
    }

    [Fact]
    public async Task A_read_model_named_as_a_folder_or_in_a_missing_folder_is_named_as_such()
    {
        // Before: both were "The read model … cannot be opened or written: the file cannot be opened (permissions?)" — SQLite's
        // "unable to open database file" read as a matter of permissions — while the store says "it is a folder" and "folder … does not exist".
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        var missing = _folder.File("no/such/folder/l.projections.db");
        foreach (var (path, why) in new[] { (_folder.Path, "it is a folder"), (missing, $"folder {Path.GetDirectoryName(missing)} does not exist") })
        {
            var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = path }, "--store", Store, "state", "DE", "FR");
            Assert.True(run.ExitCode == 7, $"exit {run.ExitCode}\n{run.Error}");
            Assert.Contains($"The read model {path} cannot be used: {why}.", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("permissions", run.Error, StringComparison.Ordinal);
            AssertNoStackTrace(run);
        }
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public async Task A_rebuild_of_a_read_model_another_process_has_open_says_so_before_it_starts()
    {
        // Before: with 'ledger serve' running, 'ledger projections rebuild' loaded the whole log into a new read model
        // (minutes at a million events) and only then failed to put it in place: "… another process holds it locked; try
        // again" — and again on every try while the server ran.
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        Assert.Equal("A", await TitlesAsync(Store));
        SqliteConnection.ClearAllPools();
        var rebuild = await RebuildWhileOpenAsync();
        Assert.True(rebuild.ExitCode == 7, $"exit {rebuild.ExitCode}\n{rebuild.Error}");
        Assert.Contains($"The read model {ReadModel} is open in another process (a running 'ledger serve'?): a rebuild cannot take its place under it. " +
            "Stop that process and rebuild again", rebuild.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("try again", rebuild.Error, StringComparison.Ordinal);
        AssertNoStackTrace(rebuild);
        Assert.False(File.Exists(ReadModel + ".rebuild"), "a rebuild was started");

        Assert.Equal(0, (await Ledger("projections", "rebuild")).ExitCode); // once nothing else has it open
        Assert.Equal("A", await TitlesAsync(Store));
    }

    /// <summary>Runs <c>projections rebuild</c> as its own process while this one holds the read model open, as a server's live read model does.</summary>
    private async Task<CliResult> RebuildWhileOpenAsync()
    {
        await using var open = new SqliteConnection($"Data Source={ReadModel};Pooling=False");
        await open.OpenAsync();
        await using (var cmd = open.CreateCommand())
        {
            cmd.CommandText = "SELECT count(*) FROM checkpoints";
            await cmd.ExecuteScalarAsync();
        }
        return await LedgerCli.RunProcessAsync(_folder.Path, "--store", Store, "projections", "rebuild");
    }

    [Theory]
    [InlineData("-wal")]
    [InlineData("-shm")]
    [InlineData("-journal")]
    public async Task A_read_model_named_as_the_stores_journal_is_refused_and_the_store_left_whole(string suffix)
    {
        // Before: RELATIONSLEDGER_READ_MODEL=ledger.db-wal built a read model in the file SQLite keeps the store's
        // write-ahead log in: the store's next commit wrote its log over the read model's pages, and its close deleted the
        // read model; a crash between the two would have left the store's log holding another database.
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        var path = Store + suffix;
        var environment = new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = path };

        foreach (var command in new[] { "state DE FR", "projections rebuild" })
        {
            var run = await LedgerCli.RunProcessAsync(_folder.Path, environment, ["--store", Store, .. command.Split(' ')]);
            Assert.True(run.ExitCode == 7, $"{command}: exit {run.ExitCode}\n{run.Error}");
            Assert.Contains($"The read model {path} cannot be used: its name is that of the {suffix[1..]} file SQLite keeps beside {Store}", run.Error, StringComparison.Ordinal);
            AssertNoStackTrace(run);
        }
        var recorded = await LedgerCli.RunProcessAsync(_folder.Path, environment, ["--store", Store, "record", "hold-engagement", "--party-a", "FR", "--party-b", "DE",
            "--kind", "talks", "--title", "B", "--on", "2020-06", "--source", "publisher=AFP;title=Talks"]);
        Assert.True(recorded.ExitCode == 0, recorded.Error); // recording does not need the read model
        Assert.False(File.Exists(path + "-wal"), "a read model's own journal was made beside the store's");
        Assert.Equal("A,B", await TitlesAsync(Store));
        Assert.Equal(0, (await Ledger("verify")).ExitCode);

        // And the other way round: a store named as the read model's journal.
        var store = await LedgerCli.RunAsync("--store", ReadModel + suffix, "state", "DE", "FR");
        Assert.True(store.ExitCode == 4, $"exit {store.ExitCode}\n{store.Error}");
        Assert.Contains($"its name is that of the {suffix[1..]} file SQLite keeps beside {ReadModel}", store.Error, StringComparison.Ordinal);
    }

    /// <summary>A FIFO (named pipe) at <paramref name="path"/>, made as a user makes one.</summary>
    private static async Task<string> FifoAsync(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", path);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    [Fact]
    public async Task A_read_model_or_a_store_that_is_a_device_or_a_FIFO_is_refused_as_not_a_regular_file()
    {
        // Before: RELATIONSLEDGER_READ_MODEL=/dev/null (or a FIFO) said "… cannot be opened or written: a disk I/O error" (exit 7),
        // and 'ledger serve' ran on, logging it every 30 s (as it did for a read model named as a folder); --store /dev/null
        // said "There is no ledger at SQLite file /dev/null: nothing was ever recorded there" to a question, and "Cannot create
        // the store /dev/null: a disk I/O error" to a command.
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        var fifo = await FifoAsync(_folder.File("fifo.db"));
        foreach (var (path, kind) in new[] { ("/dev/null", "a character device"), (fifo, "a FIFO (named pipe)") })
        {
            var environment = new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = path };
            foreach (var command in new[] { "state DE FR", "designations-by FR", "projections rebuild" })
            {
                var run = await LedgerCli.RunProcessAsync(_folder.Path, environment, ["--store", Store, .. command.Split(' ')]);
                Assert.True(run.ExitCode == 7, $"{path}, {command}: exit {run.ExitCode}\n{run.Error}");
                Assert.Contains($"The read model {path} cannot be used: it is not a regular file but {kind}.", run.Error, StringComparison.Ordinal);
                AssertNoStackTrace(run);
            }
            foreach (var command in new[] { "state DE FR", "record hold-engagement --party-a FR --party-b DE --kind talks --title B --on 2020-06 --source publisher=AFP;title=Talks" })
            {
                var run = await LedgerCli.RunAsync(["--store", path, .. command.Split(' ')]);
                Assert.True(run.ExitCode == 4, $"--store {path}, {command}: exit {run.ExitCode}\n{run.Error}");
                Assert.Contains($"Cannot use {path} as the store: it is not a regular file but {kind}.", run.Error, StringComparison.Ordinal);
                AssertNoStackTrace(run);
            }
        }
        Assert.Equal("A", await TitlesAsync(Store));
    }

    [Fact]
    public async Task Serve_refuses_a_read_model_it_cannot_use_before_it_listens()
    {
        // Before: it listened, and logged "The projection relationships stopped; retrying in 00:00:30" with a stack trace
        // every 30 s for as long as it ran; its answers across relationships were 503s.
        Assert.Equal(0, (await Engagement("A", Store)).ExitCode);
        foreach (var (path, why) in new[] { ("/dev/null", "it is not a regular file but a character device"), (_folder.Path, "it is a folder") })
        {
            var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = path },
                "--store", Store, "serve", "--urls", "http://127.0.0.1:5611");
            Assert.True(run.ExitCode == 7, $"{path}: exit {run.ExitCode}\n{run.Error}");
            Assert.Contains($"The read model {path} cannot be used: {why}.", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Serving the ledger", run.Error, StringComparison.Ordinal);
            AssertNoStackTrace(run);
        }
    }

    [Theory]
    [InlineData("kurrentdb://")]
    [InlineData("esdb://host:notaport")]
    [InlineData("ftp://example.org/l.db")]
    [InlineData(" ")]
    public async Task A_store_string_that_names_nothing_is_invalid_input(string store)
    {
        var run = await LedgerCli.RunAsync("--store", store, "state", "RU", "taliban");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--store:", run.Error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Serve_with_urls_that_are_not_urls_says_so()
    {
        var run = await Ledger("serve", "--urls", "notaurl");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--urls", run.Error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    /// <summary>
    /// <c>--urls</c> that names no URL — empty, blank, only separators — is refused. Before, <c>--urls ""</c> and <c>--urls ";"</c>
    /// listened on ASP.NET Core's own default, http://localhost:5000, which the ledger documents nowhere, and <c>--urls " "</c>
    /// ended as "unexpected error: FormatException … This is a bug".
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(";")]
    [InlineData(" ; ")]
    public async Task Serve_with_urls_that_name_no_url_is_refused(string urls)
    {
        var run = await Ledger("serve", "--urls", urls);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--urls names no URL", run.Error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    public void Dispose() => _folder.Dispose();
}
