using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Rows deleted from the embedded store's file with sqlite3 (docs/audit.md, "Positions left empty"), met through the doors an
/// analyst uses rather than through <c>verify</c>: a read model that had applied the deleted events is ahead of its store.
/// Before, its status and the question that made it again blamed "an older copy of the store", and answers said nothing.
/// </summary>
public sealed class DeletedRowsCliTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("relationsledger.db");

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private async Task RecordEngagementsAsync(params string[] titles)
    {
        foreach (var title in titles) await RecordEngagementAsync("FR", "DE", title);
    }

    private async Task RecordEngagementAsync(string a, string b, string title)
    {
        var run = await Ledger("record", "hold-engagement", "--party-a", a, "--party-b", b, "--kind", "talks", "--title", title,
            "--on", "2020-05", "--source", "publisher=AFP;title=Talks");
        Assert.True(run.ExitCode == 0, run.Error);
    }

    private async Task<string> TitlesAsync()
    {
        var state = await Ledger("state", "DE", "FR", "--as-of", "2021-01-01", "--json");
        Assert.True(state.ExitCode == 0, state.Error);
        return string.Join(",", JsonDocument.Parse(state.Out).RootElement.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
    }

    private async Task DeleteAsync(string where)
    {
        await using (var connection = new SqliteConnection($"Data Source={Store};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM events WHERE {where}";
            Assert.True(await delete.ExecuteNonQueryAsync() > 0);
        }
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task The_log_cut_at_its_end_is_named_as_deleted_rows_by_the_status_and_the_rebuild_not_as_an_older_copy()
    {
        await RecordEngagementsAsync("A", "B", "C");
        Assert.Equal("A,B,C", await TitlesAsync()); // the read model applied position 3
        await DeleteAsync("position = 3");

        var status = JsonDocument.Parse((await Ledger("projections", "status", "--json")).Out).RootElement[0];
        var diverged = status.GetProperty("diverged").GetString()!;
        Assert.Contains("is no longer in the log there: events were deleted from the store file, whose log shows positions that hold no event (position 3 of the global log", diverged, StringComparison.Ordinal);
        Assert.DoesNotContain("older copy", diverged, StringComparison.Ordinal);
        Assert.StartsWith("position 3 of the global log holds no event", status.GetProperty("deletedFromLog")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("Deleted from the store: events were deleted from the store file", (await Ledger("projections", "status")).Out.ReplaceLineEndings(""), StringComparison.Ordinal);

        var state = await Ledger("state", "DE", "FR", "--as-of", "2021-01-01");
        Assert.True(state.ExitCode == 0, state.Error);
        Assert.Contains("made again from the log: the event it last applied", state.Error, StringComparison.Ordinal);
        Assert.Contains("events were deleted from the store file", state.Error, StringComparison.Ordinal);
        Assert.Contains("'ledger verify' names them", state.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("older copy", state.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A one-shot <c>record</c> on a store whose log's last events were deleted (its counter of positions above its last row) is
    /// refused as tampering, in verify's words, and records nothing. Before round 67 it recorded after the loss, exit 0 — the
    /// stream's next revision the one a deleted event had — and only <c>verify</c> said afterwards what was gone.
    /// </summary>
    [Fact]
    public async Task Record_after_the_logs_last_events_were_deleted_is_refused_as_tampering_and_records_nothing()
    {
        await RecordEngagementsAsync("A", "B", "C");
        await DeleteAsync("position >= 2"); // the stream's last two events, the log's last

        var record = await Ledger("record", "hold-engagement", "--party-a", "FR", "--party-b", "DE", "--kind", "talks", "--title", "D",
            "--on", "2020-05", "--source", "publisher=AFP;title=Talks");
        Assert.True(record.ExitCode == 5, $"exit {record.ExitCode}: {record.Out}{record.Error}");
        Assert.Contains($"Cannot record into the store {Store}: its counter of positions (sqlite_sequence) is at 3, but its last event is at position 1: " +
            "the log's last 2 event(s) were deleted from the file", record.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded", record.Error, StringComparison.Ordinal);
        var refusal = await Ledger("record", "hold-engagement", "--party-a", "US", "--party-b", "CA", "--kind", "talks", "--title", "E",
            "--on", "2020-05", "--source", "publisher=AFP;title=Talks", "--json");
        Assert.Equal(5, refusal.ExitCode);
        var problem = JsonDocument.Parse(refusal.Error).RootElement;
        Assert.Equal("urn:relationsledger:problem:ledger-tampered", problem.GetProperty("type").GetString());
        Assert.StartsWith("REMOVED: $all", problem.GetProperty("findings")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("positions 2–3 of the global log hold no event, though the store gave them out (its counter, sqlite_sequence, is at 3)",
            problem.GetProperty("findings")[0].GetString(), StringComparison.Ordinal);

        await using var connection = new SqliteConnection($"Data Source={Store};Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM events) || ' ' || (SELECT seq FROM sqlite_sequence WHERE name = 'events')";
        Assert.Equal("1 3", (string?)await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Verify_of_one_relationship_names_empty_positions_after_its_last_event()
    {
        await RecordEngagementsAsync("A", "B", "C");
        await DeleteAsync("position = 3"); // the relationship's last event: its chain stays intact

        var verify = await Ledger("verify", "DE", "FR");
        Assert.True(verify.ExitCode == 5, $"exit {verify.ExitCode}: {verify.Out}{verify.Error}");
        Assert.Contains("REMOVED: $all: position 3 of the global log holds no event", verify.Out, StringComparison.Ordinal);
        Assert.Contains("it comes after relationship-DE~FR's last event (position 2), so its last events may have been deleted there", verify.Out.ReplaceLineEndings(""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_answer_from_a_read_model_made_again_after_the_cut_says_that_events_were_deleted()
    {
        await RecordEngagementsAsync("A", "B", "C");
        Assert.Equal("A,B,C", await TitlesAsync());
        await DeleteAsync("position = 3");
        Assert.Equal("A,B", await TitlesAsync()); // made again from what is left

        // Not only the question that made it again: every later one, in a table and in JSON.
        var table = await Ledger("state", "DE", "FR", "--as-of", "2021-01-01");
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("Warning: events were deleted from the store file, so this answer holds only what is left of the record", table.Out.ReplaceLineEndings(""), StringComparison.Ordinal);
        Assert.Contains("position 3 of the global log holds no event", table.Out.ReplaceLineEndings(""), StringComparison.Ordinal);
        var json = JsonDocument.Parse((await Ledger("state", "DE", "FR", "--as-of", "2021-01-01", "--json")).Out).RootElement;
        Assert.StartsWith("position 3 of the global log holds no event", json.GetProperty("readModel").GetProperty("deletedFromLog")[0].GetString(), StringComparison.Ordinal);
        var across = JsonDocument.Parse((await Ledger("changed", "--from", "2020-01-01", "--to", "2021-01-01", "--json")).Out).RootElement;
        Assert.Equal(1, across.GetProperty("readModel").GetProperty("deletedFromLog").GetArrayLength());
    }

    [Fact]
    public async Task Rows_deleted_in_the_middle_are_named_by_the_status_and_by_every_answer_once_the_read_model_is_rebuilt()
    {
        await RecordEngagementAsync("FR", "DE", "A");
        await RecordEngagementAsync("ES", "IT", "X");
        await RecordEngagementsAsync("C");
        Assert.Equal("A,C", await TitlesAsync());
        await DeleteAsync("position = 2"); // another relationship's only event: every chain stays intact

        var status = JsonDocument.Parse((await Ledger("projections", "status", "--json")).Out).RootElement[0];
        Assert.Equal(JsonValueKind.Null, status.GetProperty("diverged").ValueKind); // its last event is where it applied it
        Assert.StartsWith("position 2 of the global log holds no event", status.GetProperty("deletedFromLog")[0].GetString(), StringComparison.Ordinal);

        Assert.Equal(0, (await Ledger("projections", "rebuild")).ExitCode);
        var json = JsonDocument.Parse((await Ledger("state", "DE", "FR", "--as-of", "2021-01-01", "--json")).Out).RootElement;
        Assert.StartsWith("position 2 of the global log holds no event", json.GetProperty("readModel").GetProperty("deletedFromLog")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ledger_with_no_deleted_rows_answers_without_the_warning()
    {
        await RecordEngagementsAsync("A", "B");
        Assert.Equal(0, (await Ledger("projections", "rebuild")).ExitCode);
        var json = JsonDocument.Parse((await Ledger("state", "DE", "FR", "--as-of", "2021-01-01", "--json")).Out).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("readModel").GetProperty("deletedFromLog").ValueKind);
        Assert.Empty(JsonDocument.Parse((await Ledger("projections", "status", "--json")).Out).RootElement[0].GetProperty("deletedFromLog").EnumerateArray());
    }
}
