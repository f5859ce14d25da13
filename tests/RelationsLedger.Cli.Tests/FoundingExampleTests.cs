using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// README's first command, run as a user runs it: <c>ledger demo</c> in a real process. Its answers
/// to the domain brief's four questions are checked field by field against the brief.
/// </summary>
public sealed class FoundingExampleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Demo_answers_the_four_questions_of_the_domain_brief()
    {
        var run = await LedgerCli.RunProcessAsync(_folder.Path, "demo", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var answers = JsonDocument.Parse(run.Out).RootElement.GetProperty("answers").EnumerateArray().ToList();
        JsonElement State(int i) => answers[i].GetProperty("state");
        JsonElement Designation(int i) => Assert.Single(State(i).GetProperty("designations").EnumerateArray().ToList());

        // As of 2024-12-31: designated by Russia since 2003-02-14, for certain; no ambassador in post.
        var q1 = Designation(0);
        Assert.Equal("2024-12-31", State(0).GetProperty("asOf").GetString());
        Assert.Equal(("in-force", "certain"), (q1.GetProperty("status").GetString(), q1.GetProperty("certainty").GetString()));
        Assert.Equal(("RU", "taliban", "2003-02-14"), (q1.GetProperty("item").GetProperty("actor").GetString(), q1.GetProperty("item").GetProperty("counterpart").GetString(), q1.GetProperty("item").GetProperty("since").GetString()));
        Assert.DoesNotContain(State(0).GetProperty("ambassadors").EnumerateArray(), a => a.GetProperty("status").GetString() == "in-force");

        // As of 2025-04-17 and later: no designation in force, and the removal is shown as the reason.
        foreach (var i in new[] { 1, 2 })
        {
            var ended = Designation(i);
            Assert.Equal(("ended", "certain"), (ended.GetProperty("status").GetString(), ended.GetProperty("certainty").GetString()));
            var by = ended.GetProperty("item").GetProperty("ended");
            Assert.Equal(("DesignationRemoved", "2025-04-17"), (by.GetProperty("type").GetString(), by.GetProperty("on").GetString()));
            Assert.True(Guid.TryParse(by.GetProperty("eventId").GetString(), out _));
        }

        // As of 2025-05-10: the pledge of 2025-05 is only possibly in force.
        var pledge = Assert.Single(State(3).GetProperty("pledges").EnumerateArray().ToList());
        Assert.Equal(("in-force", "possible", "2025-05"), (pledge.GetProperty("status").GetString(), pledge.GetProperty("certainty").GetString(), pledge.GetProperty("item").GetProperty("since").GetString()));

        // As known before the removal was recorded: the designation still shows in force.
        Assert.NotEqual(JsonValueKind.Null, State(4).GetProperty("knownAt").ValueKind);
        Assert.Equal("in-force", Designation(4).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Demo_prints_readable_answers_and_leaves_a_ledger_to_explore()
    {
        var run = await LedgerCli.RunAsync("demo");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Q: As of 2024-12-31", run.Out, StringComparison.Ordinal);
        Assert.Contains("Yes: RU designates taliban", run.Out, StringComparison.Ordinal);
        Assert.Contains("ended on 2025-04-17 by DesignationRemoved", run.Out, StringComparison.Ordinal);
        Assert.Contains("Possibly: RU pledged", run.Out, StringComparison.Ordinal);
        Assert.Contains("refused a contradiction", run.Out, StringComparison.Ordinal);

        // The ledger it leaves is named in the output; this test removes it again.
        var left = System.Text.RegularExpressions.Regex.Match(run.Out, @"SQLite file (\S+\.db)").Groups[1].Value;
        Assert.True(File.Exists(left), run.Out);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(left)!, Path.GetFileNameWithoutExtension(left) + ".*")) File.Delete(file);
    }

    [Fact]
    public async Task Demo_refuses_a_store_that_already_holds_events()
    {
        var store = _folder.File("used.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo", "--json")).ExitCode);
        var again = await LedgerCli.RunAsync("--store", store, "demo");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("needs a fresh store", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_ledgers_tables_name_each_event_by_an_id_no_other_row_shares()
    {
        // The founding example's ids are given by hand and differ only in their last digits: cut at 8
        // characters, every row of its tables would show the same id.
        var store = _folder.File("demo.db");
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", store, "demo", "--json")).ExitCode);

        var state = await LedgerCli.RunAsync("--store", store, "state", "RU", "taliban", "--as-of", "2025-12-31");
        Assert.True(state.ExitCode == 0, state.Error);
        var shown = System.Text.RegularExpressions.Regex.Matches(state.Out, @"│ (4f1c2a8e…7b\d\d) +│").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, shown.Count); // every row of the state
        Assert.Contains("4f1c2a8e…7b10", shown); // the recognition
        Assert.Equal(2, shown.Count(id => id == "4f1c2a8e…7b11")); // the accreditation: the ambassador's start, the nomination's end
        Assert.Equal(9, shown.Distinct().Count());

        var audit = await LedgerCli.RunAsync("--store", store, "audit", "RU", "taliban");
        Assert.True(audit.ExitCode == 0, audit.Error);
        foreach (var n in Enumerable.Range(1, 11)) Assert.Contains($"4f1c2a8e…7b{n:00}", audit.Out, StringComparison.Ordinal);

        // One event in a table: its first group is enough.
        var designations = await LedgerCli.RunAsync("--store", store, "designations-by", "RU", "--as-of", "2010-01-01");
        Assert.True(designations.ExitCode == 0, designations.Error);
        Assert.Contains("│ 4f1c2a8e ", designations.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("4f1c2a8e…", designations.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
