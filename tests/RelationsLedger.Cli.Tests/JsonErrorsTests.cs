using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A failure of a command run with <c>--json</c>, as a program reads it: one JSON object on standard error with the exit
/// code, the API's problem type, the words a person reads, and what a program acts on (fields by name, the conflicting
/// event, a batch's refused items, the findings). Before, a program got the exit code and English text to parse.
/// </summary>
public sealed class JsonErrorsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");
    private const string Source = "publisher=US Department of State;title=Foreign Terrorist Organizations";

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private Task<CliResult> Impose(string list, params string[] more) => Ledger(["record", "impose-designation", "--actor", "US", "--counterpart", "taliban",
        "--list", list, "--authority", "Secretary of State", "--on", "2002-01-01", .. more]);

    /// <summary>The failure's JSON: one line, one object, nothing on standard output.</summary>
    private static JsonElement Problem(CliResult run, int exitCode, string type)
    {
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal("", run.Out);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.Error);
        var problem = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(exitCode, problem.GetProperty("exitCode").GetInt32());
        Assert.Equal($"urn:relationsledger:problem:{type}", problem.GetProperty("type").GetString());
        return problem;
    }

    private async Task<int> EventsAsync()
    {
        var history = await Ledger("history", "US", "taliban", "--json");
        return history.ExitCode == 0 ? JsonDocument.Parse(history.Out).RootElement.GetArrayLength() : -1;
    }

    [Fact]
    public async Task Invalid_fields_are_named_by_field_and_nothing_is_recorded()
    {
        Assert.Equal(0, (await Impose("FTO", "--source", Source)).ExitCode);
        var problem = Problem(await Impose("", "--json"), 2, "validation");
        var errors = problem.GetProperty("errors");
        Assert.Contains("at least one source is required", errors.GetProperty("sources")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("list", out _), problem.ToString());
        Assert.StartsWith("Invalid input; nothing was recorded:", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await EventsAsync());
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_is_a_validation_problem_when_json_is_asked_for()
    {
        var problem = Problem(await Ledger("state", "US", "taliban", "--as-of", "2024-12-31", "--json", "--colour"), 2, "validation");
        Assert.Contains("'--colour'", problem.GetProperty("errors").GetProperty("commandLine")[0].GetString(), StringComparison.Ordinal);

        var text = await Ledger("state", "US", "taliban", "--as-of", "2024-12-31", "--colour"); // without --json: the words as before
        Assert.Equal(2, text.ExitCode);
        Assert.StartsWith("Invalid input:", text.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_names_the_conflicting_event_in_the_same_words_as_the_text()
    {
        var first = await Impose("FTO", "--source", Source, "--json");
        Assert.True(first.ExitCode == 0, first.Error);
        var firstId = JsonDocument.Parse(first.Out).RootElement.GetProperty("eventId").GetString();

        var problem = Problem(await Impose("FTO", "--source", Source, "--json"), 3, "command-refused");
        Assert.Equal(firstId, problem.GetProperty("conflictingEventId").GetString());
        Assert.Equal("DesignationImposed", problem.GetProperty("eventType").GetString());
        var text = await Impose("FTO", "--source", Source);
        Assert.Equal(text.Error.TrimEnd('\n', '\r'), problem.GetProperty("message").GetString());
        Assert.Equal(1, await EventsAsync());
    }

    [Fact]
    public async Task A_refused_batch_lists_each_refused_item_with_its_conflicting_event()
    {
        var first = await Impose("FTO", "--source", Source, "--json");
        var firstId = JsonDocument.Parse(first.Out).RootElement.GetProperty("eventId").GetString();
        var batch = _folder.File("batch.ndjson");
        await File.WriteAllTextAsync(batch,
            """{"command": "hold-engagement", "partyA": "US", "partyB": "taliban", "kind": "talks", "title": "Doha", "effectiveDate": "2020-02-29", "recordedBy": "a", "sources": [{"publisher": "P", "title": "T"}]}""" + "\n" +
            """{"command": "impose-designation", "actor": "US", "counterpart": "taliban", "list": "FTO", "authority": "Secretary of State", "effectiveDate": "2003-01-01", "recordedBy": "a", "sources": [{"publisher": "P", "title": "T"}]}""" + "\n");

        var problem = Problem(await Ledger("record-batch", batch, "--json"), 3, "batch-refused");
        var refused = Assert.Single(problem.GetProperty("refused").EnumerateArray());
        Assert.Equal("line 2", refused.GetProperty("item").GetString());
        Assert.Equal("impose-designation", refused.GetProperty("command").GetString());
        Assert.Equal(firstId, refused.GetProperty("conflictingEventId").GetString());
        Assert.Equal(1, await EventsAsync());
    }

    [Fact]
    public async Task A_command_id_used_for_other_content_names_the_event_recorded_under_it()
    {
        var id = Guid.NewGuid().ToString();
        Assert.Equal(0, (await Impose("FTO", "--source", Source, "--command-id", id)).ExitCode);
        var problem = Problem(await Impose("SDGT", "--source", Source, "--command-id", id, "--json"), 8, "idempotency-key-reused");
        Assert.Equal(id, problem.GetProperty("recordedEventId").GetString());
        Assert.Equal("relationship-US~taliban", problem.GetProperty("stream").GetString());
        Assert.Equal(1, await EventsAsync());
    }

    /// <summary>
    /// A refusal of the command line's own input — a file missing, a directory, too large, an option's text — names its
    /// field in <c>errors</c> as every other invalid input does. Before round 58 these had <c>message</c> alone: a program had
    /// to read English to know which input was wrong (round 57 saw it of <c>record-batch</c>'s file).
    /// </summary>
    [Fact]
    public async Task A_refused_file_or_option_text_is_named_by_its_field()
    {
        Assert.Equal(0, (await Impose("FTO", "--source", Source)).ExitCode);
        var missing = _folder.File("nope.ndjson");
        var cases = new (Func<Task<CliResult>> Run, string Field, string Says)[]
        {
            (() => Ledger("record-batch", missing, "--json"), "file", $"file '{missing}' does not exist"),
            (() => Ledger("record-batch", _folder.Path, "--json"), "file", $"file '{_folder.Path}' is a directory"),
            (() => LedgerCli.RunWithInputAsync(new string(' ', 1_048_577), ["--store", Store, "record-batch", "-", "--json"]), "file",
                "standard input: the batch is larger than 1,048,576 bytes"),
            (() => Ledger("import", missing, "--json"), "file", $"file '{missing}' does not exist"),
            (() => Ledger("verify", "--file", _folder.Path, "--json"), "file", $"--file '{_folder.Path}' is a directory"),
            (() => Ledger("verify", "US", "--json"), "partyB", "name both parties"),
            (() => Ledger("history", "US", "--json"), "partyB", "name the relationship's two parties"),
            // Neither party: before round 62 also "'partyA' is empty", of a party not given.
            (() => Ledger("history", "--json"), "partyB", "name the relationship's two parties"),
            (() => Ledger("export", "--output", _folder.Path, "--json"), "output", $"--output '{_folder.Path}' is a directory"),
            // Named empty: before round 62 each was "unexpected error: ArgumentException … This is a bug", exit code 1.
            (() => Ledger("import", "", "--json"), "file", "file '' names no file"),
            (() => Ledger("record-batch", "", "--json"), "file", "file '' names no file"),
            (() => Ledger("verify", "--file", "", "--json"), "file", "--file '' names no file"),
            (() => Ledger("import-us-missions", "--file", "", "--json"), "file", "--file '' names no file"),
            (() => Ledger("export", "--output", "", "--json"), "output", "--output '' names no file"),
            (() => Impose("SDGT", "--source", "publisher=P;titel=T", "--json"), "sources", "--source 'publisher=P;titel=T': 'titel=T' is not one of"),
        };
        foreach (var (run, field, says) in cases)
        {
            var problem = Problem(await run(), 2, "validation");
            var message = problem.GetProperty("message").GetString()!;
            Assert.Contains(says, message, StringComparison.Ordinal);
            var named = Assert.Single(problem.GetProperty("errors").EnumerateObject());
            Assert.Equal(field, named.Name);
            Assert.EndsWith(Assert.Single(named.Value.EnumerateArray()).GetString()!, message, StringComparison.Ordinal);
        }
        Assert.Equal(1, await EventsAsync());
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task A_digest_of_an_altered_ledger_lists_the_findings(int version)
    {
        await StoreVersions.CreateAsync(Store, version);
        Assert.Equal(0, (await Impose("FTO", "--source", Source)).ExitCode);
        await using (var connection = await StoredJson.OpenAsync(Store))
        {
            await using var alter = connection.CreateCommand();
            alter.CommandText = "UPDATE events SET data = stored_like(data, replace(json_of(data), 'FTO', 'XYZ'))";
            Assert.Equal(1, await alter.ExecuteNonQueryAsync());
        }

        var problem = Problem(await Ledger("digest", "--json"), 5, "ledger-tampered");
        var finding = Assert.Single(problem.GetProperty("findings").EnumerateArray()).GetString();
        Assert.StartsWith("ALTERED: relationship-US~taliban revision 0", finding, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
