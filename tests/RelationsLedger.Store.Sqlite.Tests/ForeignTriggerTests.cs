using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// Found in round 64: a store was taken on its mark alone, whatever else its file held. A trigger added to it ran inside the
/// ledger's own writes: one that ignored every row of a type made the append end as "INSERT … RETURNING position gave no
/// row" (an unexpected error, "a bug"), one that rewrote an earlier row on every insert let each append succeed while it
/// altered the log. A file holding a trigger is now refused when opened, unchanged; one added while the store is open and
/// dropping the row being written fails that append plainly, with nothing of it kept.
/// </summary>
public sealed class ForeignTriggerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static void Execute(string path, string sql)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Theory]
    [InlineData("CREATE TRIGGER censor BEFORE INSERT ON events WHEN NEW.type = 'StatementMade' BEGIN SELECT RAISE(IGNORE); END", "censor on events")]
    [InlineData("CREATE TRIGGER rewrite AFTER INSERT ON events BEGIN UPDATE events SET data = x'7b7d' WHERE position = 1; END", "rewrite on events")]
    [InlineData("CREATE TRIGGER stamp AFTER INSERT ON ledger BEGIN SELECT 1; END", "stamp on ledger")]
    public async Task A_store_whose_file_holds_a_trigger_is_not_opened_and_not_changed(string trigger, string named)
    {
        var path = _folder.File("l.db");
        await (await StoreFiles.WrittenAsync(path)).DisposeAsync();
        Execute(path, trigger);
        Execute(path, "PRAGMA wal_checkpoint(TRUNCATE)");
        var before = Hash(path);

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => SqliteEventStore.OpenAsync(path));

        Assert.Equal($"Cannot open the store {path}: it holds a trigger that the ledger does not make ({named}): a trigger runs inside the ledger's own " +
            "writes, where it can drop, change or add events that the command writing them never sees. It was not opened or changed: look at what it " +
            $"does (sqlite3 {path} .schema), remove it (DROP TRIGGER {named.Split(' ')[0]}), then check the ledger with 'ledger verify'.", e.Message);
        Assert.Equal(before, Hash(path));
    }

    [Fact]
    public async Task A_store_of_an_earlier_version_holding_a_trigger_is_not_opened_either()
    {
        var path = _folder.File("earlier.db");
        Execute(path, Schema.EventsTable(compact: false));
        Execute(path, "CREATE TRIGGER a AFTER INSERT ON events BEGIN SELECT 1; END; ");
        Execute(path, "CREATE TRIGGER b AFTER DELETE ON events BEGIN SELECT 1; END; ");

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => SqliteEventStore.OpenAsync(path));

        Assert.Contains("it holds 2 triggers that the ledger does not make (a on events, b on events)", e.Message, StringComparison.Ordinal);
        Assert.Contains("remove them (DROP TRIGGER a)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trigger_added_while_the_store_is_open_that_drops_the_row_being_written_fails_that_append_and_keeps_nothing_of_it()
    {
        var path = _folder.File("open.db");
        await using var store = await StoreFiles.WrittenAsync(path);
        Execute(path, "CREATE TRIGGER censor BEFORE INSERT ON events WHEN NEW.stream = 'relationship-CC~DD' BEGIN SELECT RAISE(IGNORE); END");
        var kept = StoreFiles.Event();
        var dropped = StoreFiles.Event();

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.AppendManyAsync([new("relationship-AA~BB", ExpectedRevision.Exact(0), [kept]), new("relationship-CC~DD", ExpectedRevision.NoStream, [dropped])]));

        Assert.Equal($"The store dropped the row of event {dropped.EventId} (StatementMade in relationship-CC~DD) as it was written: only something in " +
            "the file does that, such as a trigger (the ledger makes none). Nothing of this append was recorded; look at the file's schema (sqlite3 FILE .schema).", e.Message);
        Assert.Equal(1UL, (await store.HeadAsync())!.Value.Commit);
    }
}
