using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// One page of the store file's (stream, revision) index overwritten, the rows left as they were (docs/audit.md, "An index
/// that disagrees with the log"): the page is taken from a copy of the store where a row was deleted, so the index no longer
/// lists that row. Found in round 53 with sqlite3 and dd on a real store: `verify` said OK (it reads the rows in order of
/// position), `verify DE FR` said OK of a relationship missing its last event (it reads through the index), and the next
/// command on the relationship was recorded at the revision already taken — the unique index that refuses a second event
/// there is the damaged one.
/// </summary>
public sealed class DamagedIndexTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("relationsledger.db");

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private async Task RecordAsync(string title)
    {
        var run = await Ledger("record", "hold-engagement", "--party-a", "FR", "--party-b", "DE", "--kind", "talks", "--title", title,
            "--on", "2020-05", "--source", "publisher=AFP;title=Talks");
        Assert.True(run.ExitCode == 0, run.Error);
    }

    private static async Task<T> ScalarAsync<T>(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Every commit folded into the file itself, so that its pages are all there is of it.</summary>
    private static Task CheckpointAsync(string file) => ScalarAsync<long>(file, "PRAGMA wal_checkpoint(TRUNCATE)");

    /// <summary>The index's root page copied from a copy of the store where the row at <paramref name="position"/> was deleted.</summary>
    private async Task OverwriteIndexPageLeavingOutAsync(long position)
    {
        SqliteConnection.ClearAllPools();
        await CheckpointAsync(Store);
        var copy = _folder.File("copy.db");
        File.Copy(Store, copy);
        Assert.Equal(1L, await ScalarAsync<long>(copy, $"DELETE FROM events WHERE position = {position} RETURNING 1"));
        await CheckpointAsync(copy);
        var page = await ScalarAsync<long>(Store, "SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_events_2'");
        var size = (int)await ScalarAsync<long>(Store, "PRAGMA page_size");
        var bytes = new byte[size];
        await using (var from = File.OpenRead(copy))
        {
            from.Position = (page - 1) * size;
            await from.ReadExactlyAsync(bytes);
        }
        await using (var to = new FileStream(Store, FileMode.Open, FileAccess.Write))
        {
            to.Position = (page - 1) * size;
            await to.WriteAsync(bytes);
        }
        Assert.Equal(3L, await ScalarAsync<long>(Store, "SELECT count(*) FROM events NOT INDEXED")); // the rows are all there
    }

    [Fact]
    public async Task Verify_of_the_ledger_and_the_digest_name_an_index_that_lost_the_last_event()
    {
        foreach (var title in new[] { "A", "B", "C" }) await RecordAsync(title);
        await OverwriteIndexPageLeavingOutAsync(position: 3);

        var verify = await Ledger("verify", "--json");
        Assert.True(verify.ExitCode == 5, $"exit {verify.ExitCode}: {verify.Out}{verify.Error}");
        var finding = JsonDocument.Parse(verify.Out).RootElement.GetProperty("findings")[0];
        Assert.Equal(("altered", "$all"), (finding.GetProperty("kind").GetString(), finding.GetProperty("stream").GetString()));
        var detail = finding.GetProperty("detail").GetString()!;
        Assert.StartsWith("the store file's indexes do not hold exactly its rows (SQLite's integrity check: ", detail, StringComparison.Ordinal);
        Assert.Contains("sqlite_autoindex_events_2", detail, StringComparison.Ordinal);
        Assert.Contains("REINDEX", detail, StringComparison.Ordinal);

        var text = await Ledger("verify");
        Assert.Contains("ALTERED: $all: the store file's indexes do not hold exactly its rows", text.Out, StringComparison.Ordinal);

        var digest = await Ledger("digest");
        Assert.True(digest.ExitCode == 5, $"exit {digest.ExitCode}: {digest.Out}{digest.Error}");
        Assert.Contains("the store file's indexes do not hold exactly its rows", digest.Out + digest.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_index_rebuilt_from_the_rows_as_the_finding_says_verifies_again()
    {
        foreach (var title in new[] { "A", "B", "C" }) await RecordAsync(title);
        await OverwriteIndexPageLeavingOutAsync(position: 2);
        Assert.Equal(5, (await Ledger("verify")).ExitCode);
        var damaged = await Ledger("history", "DE", "FR"); // read through the index: revision 1 is not there
        Assert.True(damaged.ExitCode == 5, $"exit {damaged.ExitCode}: {damaged.Out}{damaged.Error}");

        SqliteConnection.ClearAllPools();
        await ScalarAsync<object>(Store, "REINDEX");
        var verify = await Ledger("verify");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.Contains("3 event(s)", verify.Out, StringComparison.Ordinal);
        var history = await Ledger("history", "DE", "FR", "--json");
        Assert.True(history.ExitCode == 0, history.Error); // the relationship read through the index whole again
        Assert.Contains("\"title\": \"B\"", history.Out, StringComparison.Ordinal);
    }
}
