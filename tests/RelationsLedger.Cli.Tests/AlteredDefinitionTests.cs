using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A store whose own tables are defined otherwise than the ledger defines them (round 65). SQLite obeys a definition on every
/// read and write without a row changing, and <c>verify</c> reads the log whole: with <c>COLLATE NOCASE</c> written into the
/// event table's <c>stream</c> column, <c>verify</c> said OK and <c>history ru taliban</c> (the organisation ru) listed the
/// events of <c>RU~taliban</c>. Now such a store is refused for every command, named, and left byte for byte.
/// </summary>
public sealed class AlteredDefinitionTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<bool, string, string> Alterations => new()
    {
        // The collation: one relationship's stream answers for another's whose name differs only in case.
        { false, "UPDATE sqlite_master SET sql = replace(sql, 'stream      TEXT    NOT NULL,', 'stream TEXT NOT NULL COLLATE NOCASE,') WHERE name = 'events'", "its event table is not defined as the ledger defines it" },
        // A conflict rule: an append colliding with a stored revision would delete that event instead of being refused.
        { false, "UPDATE sqlite_master SET sql = replace(sql, 'UNIQUE (stream, revision)', 'UNIQUE (stream, revision) ON CONFLICT REPLACE') WHERE name = 'events'", "its event table is not defined as the ledger defines it" },
        // The ledger's identity without its one-row rule.
        { false, "UPDATE sqlite_master SET sql = replace(sql, ' CHECK (id = 1)', '') WHERE name = 'ledger'", "its table ledger (the ledger's identity) is not defined as the ledger defines it" },
        // The compact layout (versions 3 and 4): the uniqueness of a stream's revisions case-blind, or gone.
        { true, "UPDATE sqlite_master SET sql = replace(sql, '(stream, revision)', '(stream COLLATE NOCASE, revision)') WHERE name = 'events_stream_revision'", "its unique index events_stream_revision is not defined as the ledger defines it" },
        { true, "DELETE FROM sqlite_master WHERE name = 'events_stream_revision'", "its unique index events_stream_revision on the event table is missing" },
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public async Task A_store_whose_own_definitions_were_altered_is_refused_named_and_left_byte_for_byte(bool compact, string alteration, string named)
    {
        await RecordAsync("RU", "taliban");
        if (compact) Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "store", "upgrade")).ExitCode);
        Fold();
        Execute("PRAGMA writable_schema = ON; " + alteration + "; PRAGMA writable_schema = OFF;");
        Execute("REINDEX");
        await AssertRefusedAsync(named);
    }

    [Fact]
    public async Task A_view_in_the_place_of_the_event_table_is_refused()
    {
        await RecordAsync("RU", "taliban");
        Fold();
        Execute("ALTER TABLE events RENAME TO events_kept; CREATE VIEW events AS SELECT * FROM events_kept WHERE revision > 0");
        await AssertRefusedAsync("its event table is a view");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Objects_of_its_own_beside_the_ledgers_leave_the_store_usable(bool compact)
    {
        await RecordAsync("RU", "taliban");
        if (compact) Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "store", "upgrade")).ExitCode);
        Execute("CREATE INDEX by_type ON events (type COLLATE NOCASE); CREATE TABLE notes (text TEXT); CREATE VIEW talks AS SELECT * FROM events WHERE type = 'EngagementHeld'");

        await RecordAsync("ru", "taliban");
        var verified = await LedgerCli.RunAsync("--store", Store, "verify");
        Assert.True(verified.ExitCode == 0, verified.Error);
        var history = await LedgerCli.RunAsync("--store", Store, "history", "ru", "taliban", "--json");
        Assert.True(history.ExitCode == 0, history.Error);
        Assert.Equal(["relationship-ru~taliban"], JsonDocument.Parse(history.Out).RootElement.EnumerateArray()
            .Select(e => e.GetProperty("stream").GetString()).Distinct());
    }

    private async Task AssertRefusedAsync(string named)
    {
        var before = SHA256.HashData(await File.ReadAllBytesAsync(Store));
        foreach (var run in new[]
        {
            await LedgerCli.RunAsync("--store", Store, "verify"),
            await LedgerCli.RunAsync("--store", Store, "history", "ru", "taliban"),
            await LedgerCli.RunAsync("--store", Store, "export", "-o", _folder.File("out.ndjson")),
            await RecordRunAsync("ru", "taliban"),
        })
        {
            Assert.True(run.ExitCode == 4, $"exit {run.ExitCode}: {run.Out}{run.Error}");
            Assert.Contains($"Cannot open the store {Store}: {named} (sqlite3 {Store} \".schema ", run.Error, StringComparison.Ordinal);
            Assert.Contains("It was not opened or changed", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("This is a bug", run.Error, StringComparison.Ordinal);
        }
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(Store)));
        Assert.False(File.Exists(_folder.File("out.ndjson")), "an export of a refused store was written");
    }

    private async Task RecordAsync(string a, string b)
    {
        var run = await RecordRunAsync(a, b);
        Assert.True(run.ExitCode == 0, run.Error);
    }

    private Task<CliResult> RecordRunAsync(string a, string b) => LedgerCli.RunAsync("--store", Store, "record", "hold-engagement",
        "--party-a", a, "--party-b", b, "--kind", "talks", "--title", $"{a} and {b}", "--on", "2020-05", "--source", "publisher=P;title=T");

    /// <summary>Every commit into the file itself, its log emptied: the file alone is what the ledger is given.</summary>
    private void Fold() => Execute("PRAGMA wal_checkpoint(TRUNCATE)");

    private void Execute(string sql)
    {
        using var c = new SqliteConnection($"Data Source={Store};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
