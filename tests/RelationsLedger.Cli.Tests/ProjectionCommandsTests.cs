using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>The read-model commands: cross-relationship questions, --known-at, projections rebuild/status, the US missions import.</summary>
public sealed class ProjectionCommandsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static JsonElement Parse(CliResult run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    [Fact]
    public async Task Cross_relationship_questions_answer_from_the_read_model_with_known_at()
    {
        Assert.Equal(0, (await Ledger("demo", "--json")).ExitCode);
        var before = DateTimeOffset.UtcNow.AddYears(-1).ToString("O");

        var by = Parse(await Ledger("designations-by", "RU", "--as-of", "2024-12-31", "--json"));
        var item = Assert.Single(by.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(("RU~taliban", "certain", "taliban"), (item.GetProperty("relationship").GetString(), item.GetProperty("certainty").GetString(), item.GetProperty("item").GetProperty("counterpart").GetString()));
        Assert.True(by.GetProperty("readModel").GetProperty("isCurrent").GetBoolean());

        Assert.Empty(Parse(await Ledger("designations-of", "taliban", "--as-of", "2025-04-17", "--json")).GetProperty("items").EnumerateArray());
        Assert.Empty(Parse(await Ledger("designations-of", "taliban", "--as-of", "2024-12-31", "--known-at", before, "--json")).GetProperty("items").EnumerateArray());

        var changed = Parse(await Ledger("changed", "--from", "2025-05-01", "--to", "2025-05-31", "--json")).GetProperty("relationships");
        Assert.Equal(4, Assert.Single(changed.EnumerateArray().ToList()).GetProperty("changes").GetArrayLength());

        var state = Parse(await Ledger("state", "RU", "taliban", "--as-of", "2024-12-31", "--known-at", before, "--json"));
        Assert.Empty(state.GetProperty("designations").EnumerateArray());

        var table = await Ledger("designations-by", "RU", "--as-of", "2024-12-31");
        Assert.Contains("in force", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuild_and_status_show_the_projection_position_and_lag()
    {
        Assert.Equal(0, (await Ledger("demo", "--json")).ExitCode);
        var rebuilt = Parse(await Ledger("projections", "rebuild", "--json"));
        Assert.Equal(("relationships", 11), (rebuilt.GetProperty("projection").GetString(), rebuilt.GetProperty("events").GetInt32()));

        var status = Parse(await Ledger("projections", "status", "--json"))[0];
        Assert.Equal((11, 0, "11"), (status.GetProperty("eventsApplied").GetInt32(), status.GetProperty("behind").GetInt32(), status.GetProperty("position").GetString()));

        Assert.Equal(0, (await Ledger("record", "make-statement", "--actor", "RU", "--counterpart", "taliban", "--speaker", "Lavrov", "--stance", "partner",
            "--summary", "Talks go well", "--on", "2025-08", "--source", "publisher=TASS;title=Statement")).ExitCode);
        Assert.Equal(1, Parse(await Ledger("projections", "status", "--json"))[0].GetProperty("behind").GetInt32());

        var bar = await Ledger("projections", "rebuild");
        Assert.True(bar.ExitCode == 0, bar.Error);
        Assert.Contains("events/s", bar.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Projection_commands_need_an_existing_ledger()
    {
        var run = await Ledger("projections", "status");
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task The_us_missions_import_records_through_the_pipeline_and_answers_missions_of()
    {
        var file = _folder.File("transitions.csv");
        await File.WriteAllTextAsync(file, """
            state_dept_name,status_change,year,month,day,last_verified,notes
            France,Legation,1801,12,6,2023-12-06,
            France,Embassy,1893,4,8,2023-12-06,
            Panama,Consulate,1823,,,2024-01-12,
            Panama,None,1931,1,5,2024-01-12,
            "Netherlands, The",Legation,1781,,,2024-01-12,"a note, with a comma"
            """);
        var imported = Parse(await Ledger("import-us-missions", "--file", file, "--json"));
        Assert.Equal((5, 5), (imported.GetProperty("rows").GetInt32(), imported.GetProperty("recorded").GetInt32()));
        Assert.Equal(5, Parse(await Ledger("import-us-missions", "--file", file, "--json")).GetProperty("alreadyRecorded").GetInt32());

        var missions = Parse(await Ledger("missions-of", "US", "--at-least", "legation", "--as-of", "1850-06-01", "--json")).GetProperty("items");
        Assert.Equal(["FR~US", "NL~US"], missions.EnumerateArray().Select(m => m.GetProperty("relationship").GetString()!).ToArray());
        var panama = Parse(await Ledger("missions-of", "US", "--as-of", "1823-06-01", "--json")).GetProperty("items");
        Assert.Equal("possible", panama.EnumerateArray().Single(m => m.GetProperty("relationship").GetString() == "PA~US").GetProperty("certainty").GetString());

        var history = Parse(await Ledger("history", "US", "PA", "--json"))[0];
        Assert.Equal(["Brenton Kenkel", "U.S. Department of State, Office of the Historian"],
            history.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("publisher").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_malformed_us_missions_file_is_refused_naming_line_and_field()
    {
        var file = _folder.File("bad.csv");
        await File.WriteAllTextAsync(file, "state_dept_name,status_change,year,month,day,last_verified,notes\nFrance,Palace,1801,12,6,,\n");
        var run = await Ledger("import-us-missions", "--file", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2, field 'status_change'", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Theory]
    [InlineData("France,Legation,1801,1\n", "line 2 has 4 fields where the header has 7")] // cut short: read as January, the day unknown
    [InlineData("France,Legation,1801,12,6,,a note, with a comma\n", "line 2 has 8 fields where the header has 7")]
    [InlineData("France,Legation,1801,12,6,,\nPanama,None,1931,1,5,,\"a note cut\n", "line 3 ends inside a quoted field")]
    [InlineData("\"Netherlands, The\",Legation,1781,,,,\"a note\nover two lines\"\nFrance,Palace,1801,12,6,,\n", "line 4, field 'status_change'")]
    public async Task A_row_of_a_truncated_or_misquoted_file_is_named_and_nothing_is_recorded(string rows, string because)
    {
        // Before: a short row was filled with empty fields (1801-12-06 cut to '1801,1' recorded January 1801), an extra field
        // was dropped, an unclosed quote swallowed the rest of the file, and lines were counted by record, not as in the file.
        var file = _folder.File("cut.csv");
        await File.WriteAllTextAsync(file, "state_dept_name,status_change,year,month,day,last_verified,notes\n" + rows);
        var run = await Ledger("import-us-missions", "--file", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(because, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    public void Dispose() => _folder.Dispose();
}
