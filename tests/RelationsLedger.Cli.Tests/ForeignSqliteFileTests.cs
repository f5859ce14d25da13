using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Another program's SQLite database that looked empty to the ledger, named as the store or as the read model (round 45).
/// Before, the ledger asked only for tables, and for those whose name is not LIKE 'sqlite_%' — where '_' is any character — so
/// a database of views only, of a table named <c>sqlitebrowser_settings</c>, or of nothing but its own schema version was taken
/// for a new one: <c>record</c> answered "Recorded RelationsEstablished …", exit 0, having written the ledger's tables (and its
/// mark and version over the program's own) into it. Now it is refused, named, and left byte for byte.
/// </summary>
public sealed class ForeignSqliteFileTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> LookedEmpty => Data(ObjectsOnly.Append(
        ("PRAGMA user_version = 7;", "(it holds nothing, yet its header carries schema version 7 (PRAGMA user_version), which only a store with the ledger's mark has)")));

    /// <summary>
    /// Objects the ledger did not see. (A read model does not look at the schema version: read models of earlier builds have
    /// versions of their own without the mark.)
    /// </summary>
    private static readonly (string Schema, string Named)[] ObjectsOnly =
    [
        ("CREATE TABLE sqlitebrowser_settings (key TEXT, value TEXT); INSERT INTO sqlitebrowser_settings VALUES ('font', 'mono');", "(tables: sqlitebrowser_settings)"),
        ("CREATE TABLE SQLiteCache (k); INSERT INTO SQLiteCache VALUES (1); ANALYZE;", "(tables: SQLiteCache)"),
        ("CREATE VIEW answer AS SELECT 42 AS value;", "(views: answer)"),
    ];

    public static TheoryData<string, string> ObjectsTheReadModelDidNotSee => Data(ObjectsOnly);

    private static TheoryData<string, string> Data(IEnumerable<(string Schema, string Named)> rows)
    {
        var data = new TheoryData<string, string>();
        foreach (var (schema, named) in rows) data.Add(schema, named);
        return data;
    }

    [Theory]
    [MemberData(nameof(LookedEmpty))]
    public async Task As_the_store_it_is_refused_named_and_left_byte_for_byte(string schema, string named)
    {
        var path = Make("other.db", schema);
        var before = SHA256.HashData(await File.ReadAllBytesAsync(path));

        var run = await LedgerCli.RunAsync("--store", path, "record", "establish-relations", "--party-a", "FR", "--party-b", "DE",
            "--on", "1955", "--source", "publisher=P;title=T");

        Assert.True(run.ExitCode == 4, $"exit {run.ExitCode}: {run.Out}{run.Error}");
        Assert.Contains($"{path} is not a RelationsLedger store: it is a SQLite database of something else {named}. It was not changed", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path)));
    }

    [Theory]
    [MemberData(nameof(ObjectsTheReadModelDidNotSee))]
    public async Task As_the_read_model_it_is_refused_named_and_left_byte_for_byte(string schema, string named)
    {
        var recorded = await LedgerCli.RunAsync("--store", Store, "record", "establish-relations", "--party-a", "FR", "--party-b", "DE",
            "--on", "1955", "--source", "publisher=P;title=T");
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        var path = Make("other.db", schema);
        var before = SHA256.HashData(await File.ReadAllBytesAsync(path));

        var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["RELATIONSLEDGER_READ_MODEL"] = path },
            "--store", Store, "state", "DE", "FR", "--as-of", "2000-01-01");

        Assert.True(run.ExitCode == 7, $"exit {run.ExitCode}: {run.Out}{run.Error}");
        Assert.Contains($"{path} is not a RelationsLedger read model: it is a SQLite database of something else {named}. It was not changed", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path)));
    }

    /// <summary>An empty SQLite database (no object, no version, no mark), as <c>sqlite3 ledger.db 'VACUUM'</c> makes it, is a new store.</summary>
    [Fact]
    public async Task An_empty_SQLite_database_is_taken_as_a_new_store()
    {
        var path = Make("empty.db", "CREATE TABLE t (x); DROP TABLE t;");
        Assert.True(new FileInfo(path).Length > 0);

        var run = await LedgerCli.RunAsync("--store", path, "record", "establish-relations", "--party-a", "FR", "--party-b", "DE",
            "--on", "1955", "--source", "publisher=P;title=T");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", path, "verify")).ExitCode);
    }

    /// <summary>
    /// Found in round 64: a trigger added to the ledger's own store, or to its read model, was taken with the file's mark. One
    /// ignoring every DesignationImposed row made <c>record impose-designation</c> end as "unexpected error … This is a bug"
    /// (exit 1) while other commands went on; one in the read model ran inside every catch-up and could change the answers.
    /// Now both files are refused with the trigger named, and left byte for byte.
    /// </summary>
    [Fact]
    public async Task A_trigger_in_the_store_or_in_the_read_model_is_refused_named_and_left_byte_for_byte()
    {
        var recorded = await LedgerCli.RunAsync("--store", Store, "record", "establish-relations", "--party-a", "FR", "--party-b", "DE",
            "--on", "1955", "--source", "publisher=P;title=T");
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "state", "DE", "FR", "--as-of", "2000-01-01")).ExitCode); // the read model made
        var readModel = _folder.File("ledger.projections.db");
        Execute(readModel, "CREATE TRIGGER hide AFTER INSERT ON item_versions BEGIN DELETE FROM item_versions WHERE rowid = NEW.rowid; END");
        var readModelBefore = SHA256.HashData(await File.ReadAllBytesAsync(readModel));

        var asked = await LedgerCli.RunAsync("--store", Store, "state", "DE", "FR", "--as-of", "2000-01-01");

        Assert.True(asked.ExitCode == 7, $"exit {asked.ExitCode}: {asked.Out}{asked.Error}");
        Assert.Contains($"The read model {readModel} cannot be used: it holds a trigger that the ledger does not make (hide on item_versions)", asked.Error, StringComparison.Ordinal);
        Assert.Equal(readModelBefore, SHA256.HashData(await File.ReadAllBytesAsync(readModel)));

        Execute(Store, "CREATE TRIGGER censor BEFORE INSERT ON events WHEN NEW.type = 'DesignationImposed' BEGIN SELECT RAISE(IGNORE); END");
        Execute(Store, "PRAGMA wal_checkpoint(TRUNCATE)");
        var storeBefore = SHA256.HashData(await File.ReadAllBytesAsync(Store));
        foreach (var run in new[]
        {
            await LedgerCli.RunAsync("--store", Store, "record", "impose-designation", "--actor", "FR", "--counterpart", "DE", "--list", "L",
                "--authority", "A", "--on", "1956", "--source", "publisher=P;title=T"),
            await LedgerCli.RunAsync("--store", Store, "verify"),
        })
        {
            Assert.True(run.ExitCode == 4, $"exit {run.ExitCode}: {run.Out}{run.Error}");
            Assert.Contains($"Cannot open the store {Store}: it holds a trigger that the ledger does not make (censor on events)", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("This is a bug", run.Error, StringComparison.Ordinal);
        }
        Assert.Equal(storeBefore, SHA256.HashData(await File.ReadAllBytesAsync(Store)));
    }

    private static void Execute(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private string Make(string name, string schema)
    {
        var path = _folder.File(name);
        Execute(path, schema);
        return path;
    }
}
