using System.Text.Json;
using RelationsLedger.Cli.Commands;

namespace RelationsLedger.Cli.Tests;

/// <summary><c>ledger record-batch</c>: the Cuba timeline entered in the order its sources were found, and every way a batch can be wrong.</summary>
public sealed class RecordBatchTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");
    private const string Sst = "State Sponsors of Terrorism";

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static string Item(string command, string on, string? id = null) =>
        $$"""{"command": "{{command}}", {{(id is null ? "" : $"\"commandId\": \"{id}\", ")}}"actor": "US", "counterpart": "CU", "list": "{{Sst}}", "authority": "Secretary of State", "effectiveDate": "{{on}}", "recordedBy": "analyst", "sources": [{"publisher": "US Department of State", "title": "State Sponsors of Terrorism"}]}""";

    private string Batch(string name, params string[] lines)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private async Task Single(string command, string on)
    {
        var run = await Ledger("record", command, "--actor", "US", "--counterpart", "CU", "--list", Sst, "--authority", "Secretary of State",
            "--on", on, "--source", "publisher=US Department of State;title=State Sponsors of Terrorism");
        Assert.True(run.ExitCode == 0, run.Error);
    }

    private async Task<string> StatusOn(string day, DateTimeOffset? knownAt = null)
    {
        var run = await Ledger(["state", "US", "CU", "--as-of", day, "--json", .. knownAt is { } k ? new[] { "--known-at", k.ToString("O") } : []]);
        Assert.True(run.ExitCode == 0, run.Error);
        var designations = JsonDocument.Parse(run.Out).RootElement.GetProperty("designations");
        return designations.GetArrayLength() == 0 ? "none" : designations[0].GetProperty("status").GetString()!;
    }

    [Fact]
    public async Task The_Cuba_timeline_is_entered_in_its_order_of_discovery_and_answers_on_either_side_of_every_change()
    {
        await Single("impose-designation", "1982-03-01");
        await Single("remove-designation", "2015-05-29");
        await Single("impose-designation", "2025-01-20");
        // Each of the remaining pair, alone, is refused: exit 3, nothing recorded.
        var on = Batch("on.ndjson", Item("impose-designation", "2021-01-12"));
        var refusedOn = await Ledger("record-batch", on);
        Assert.Equal(3, refusedOn.ExitCode);
        Assert.Contains("line 1 (impose-designation): DesignationImposed refused: it would contradict DesignationImposed", refusedOn.Error);
        var refusedOff = await Ledger("record-batch", Batch("off.ndjson", Item("remove-designation", "2025-01-14")));
        Assert.Equal(3, refusedOff.ExitCode);
        Assert.Contains("it ended on 2015-05-29", refusedOff.Error);

        await Task.Delay(20);
        var beforeBatch = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var (onId, offId) = (Guid.NewGuid(), Guid.NewGuid());
        var pair = Batch("pair.ndjson", Item("impose-designation", "2021-01-12", onId.ToString()), Item("remove-designation", "2025-01-14", offId.ToString()));
        var recorded = await Ledger("record-batch", pair, "--json");
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        var answer = JsonDocument.Parse(recorded.Out).RootElement;
        Assert.Equal(onId, answer.GetProperty("correlationId").GetGuid());
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([("line 1", onId, "DesignationImposed", 3), ("line 2", offId, "DesignationRemoved", 4)],
            items.Select(i => (i.GetProperty("item").GetString(), i.GetProperty("eventId").GetGuid(), i.GetProperty("type").GetString(), i.GetProperty("revision").GetInt32())));

        foreach (var (day, status) in new[]
        {
            ("1982-02-28", "none"), ("1982-03-01", "in-force"), ("2015-05-28", "in-force"), ("2015-05-29", "ended"), ("2021-01-11", "ended"),
            ("2021-01-12", "in-force"), ("2025-01-13", "in-force"), ("2025-01-14", "ended"), ("2025-01-19", "ended"), ("2025-01-20", "in-force"),
        })
            Assert.True(await StatusOn(day) == status, $"as of {day}: expected {status}, got {await StatusOn(day)}");
        Assert.Equal("ended", await StatusOn("2021-06-01", beforeBatch));  // as known before the batch: off from 2015 to 2025-01-20
        Assert.Equal("in-force", await StatusOn("2021-06-01"));

        var retry = await Ledger("record-batch", pair);
        Assert.True(retry.ExitCode == 0, retry.Error);
        Assert.Contains("Recorded 0 of 2 commands as one batch (2 already recorded)", retry.Out);

        var batchEvents = await Ledger("history", "--correlation-id", onId.ToString(), "--json");
        Assert.Equal([onId, offId], JsonDocument.Parse(batchEvents.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("eventId").GetGuid()));
        var audit = await Ledger("audit", "US", "CU");
        Assert.Equal(2, audit.Out.Split($"correlation {onId.ToString()[..8]}").Length - 1);
        Assert.Equal(0, (await Ledger("verify")).ExitCode);
    }

    [Fact]
    public async Task A_batch_with_one_bad_item_exits_2_names_the_line_and_field_and_writes_nothing()
    {
        await Single("impose-designation", "1982-03-01");
        var before = await StoreFingerprint.OfAsync(Store);
        var run = await Ledger("record-batch", Batch("bad.ndjson",
            Item("remove-designation", "2015-05-29"),
            Item("impose-designation", "2021-13-12"),
            "{\"command\": \"impose-designation\"",
            Item("impose-sanction", "2021")));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Invalid input; nothing was recorded:", run.Error);
        Assert.Contains("line 2.effectiveDate:", run.Error);
        Assert.Contains("line 3: cannot be read: it is not valid JSON", run.Error);
        Assert.Contains("line 4.command: 'impose-sanction' is not a command", run.Error);
        Assert.DoesNotContain("  line 1", run.Error); // the good line is not named
        Assert.Equal(before, await StoreFingerprint.OfAsync(Store));
    }

    /// <summary>
    /// A batch retried with one command changed is refused naming that command's line, on the terminal and in --json (`item`), as
    /// its other refusals are; before round 42 by its id alone ("Command id 5d2e… was already used…"), to be searched for in the file.
    /// </summary>
    [Fact]
    public async Task A_batch_whose_command_reuses_a_recorded_id_with_other_content_is_refused_naming_its_line()
    {
        await Single("impose-designation", "1982-03-01");
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal(0, (await Ledger("record-batch", Batch("a.ndjson", Item("remove-designation", "2015-05-29", first.ToString()), Item("impose-designation", "2021-01-12", second.ToString())))).ExitCode);

        var changed = Batch("b.ndjson", Item("remove-designation", "2015-05-29", first.ToString()), Item("impose-designation", "2021-01-13", second.ToString()));
        var refused = await Ledger("record-batch", changed);
        var json = await Ledger("record-batch", changed, "--json");

        Assert.Equal(8, refused.ExitCode);
        Assert.StartsWith($"line 2: Command id {second} was already used for a different command: event {second} in relationship-CU~US (revision 2) records other content.", refused.Error, StringComparison.Ordinal);
        Assert.Equal(8, json.ExitCode);
        var problem = JsonDocument.Parse(json.Error).RootElement;
        Assert.Equal(("line 2", second.ToString()), (problem.GetProperty("item").GetString(), problem.GetProperty("recordedEventId").GetString()));
    }

    [Fact]
    public async Task Standard_input_is_read_with_a_dash_and_a_json_object_shares_its_provenance()
    {
        var batch = $$"""
            {"recordedBy": "desk", "sources": [{"publisher": "Reuters", "title": "Cuba on the list"}],
             "commands": [{"command": "impose-designation", "actor": "US", "counterpart": "CU", "list": "{{Sst}}", "authority": "Secretary of State", "effectiveDate": "1982-03-01"}]}
            """;
        var run = await LedgerCli.RunWithInputAsync(batch, "--store", Store, "record-batch", "-");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("commands[0]", run.Out);
        var history = JsonDocument.Parse((await Ledger("history", "US", "CU", "--json")).Out).RootElement[0];
        Assert.Equal(("desk", "Reuters"), (history.GetProperty("recordedBy").GetString(), history.GetProperty("sources")[0].GetProperty("publisher").GetString()));
    }

    [Fact]
    public async Task A_missing_file_an_empty_batch_and_one_too_large_are_invalid_input()
    {
        var missing = await Ledger("record-batch", _folder.File("nope.ndjson"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist; name a batch file (or - for standard input).", missing.Error);
        var empty = await Ledger("record-batch", Batch("empty.ndjson", "", "  "));
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("batch: the batch is empty", empty.Error);
        var large = _folder.File("large.ndjson");
        await File.WriteAllTextAsync(large, new string(' ', Application.Commands.Batch.BatchLimits.MaxBytes + 1));
        var tooLarge = await Ledger("record-batch", large);
        Assert.Equal(2, tooLarge.ExitCode);
        Assert.Contains("larger than 1,048,576 bytes", tooLarge.Error);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task Its_help_describes_the_forms_the_limits_and_retries()
    {
        var help = await LedgerCli.RunAsync("record-batch", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var words in new[] { "NDJSON", "JSON array", "\"commands\"", "standard input", "commandId", "--correlation-id", "1000 commands", "1 MiB" })
            Assert.Contains(words, help.Out);
    }

    [Fact]
    public async Task The_founding_example_samples_record_as_two_batches_and_answer_the_briefs_questions()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "RelationsLedger.sln"))) folder = folder.Parent!;
        var samples = Path.Combine(folder.FullName, "samples", "founding-example");
        var earlier = await Ledger("record-batch", Path.Combine(samples, "earlier.json"));
        Assert.True(earlier.ExitCode == 0, earlier.Error);
        Assert.Contains("Recorded 4 of 4 commands as one batch, correlation id 4f1c2a8e-0b7d-4c61-9a3e-1d2f5e6a7b00", earlier.Out);
        await Task.Delay(20);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        Assert.Equal(0, (await Ledger("record-batch", Path.Combine(samples, "later.json"))).ExitCode);
        Assert.Contains("4 already recorded", (await Ledger("record-batch", Path.Combine(samples, "earlier.json"))).Out);

        var state = JsonDocument.Parse((await Ledger("state", "RU", "taliban", "--as-of", "2024-12-31", "--json")).Out).RootElement;
        Assert.Equal("in-force", state.GetProperty("designations")[0].GetProperty("status").GetString());
        Assert.Equal(0, state.GetProperty("ambassadors").GetArrayLength());
        var removed = JsonDocument.Parse((await Ledger("state", "RU", "taliban", "--as-of", "2025-04-17", "--json")).Out).RootElement;
        Assert.Equal("ended", removed.GetProperty("designations")[0].GetProperty("status").GetString());
        var knownBefore = JsonDocument.Parse((await Ledger("state", "RU", "taliban", "--as-of", "2025-06-01", "--known-at", between.ToString("O"), "--json")).Out).RootElement;
        Assert.Equal("in-force", knownBefore.GetProperty("designations")[0].GetProperty("status").GetString());
        var history = JsonDocument.Parse((await Ledger("history", "--correlation-id", "4f1c2a8e-0b7d-4c61-9a3e-1d2f5e6a7c00", "--json")).Out).RootElement;
        Assert.Equal(7, history.GetArrayLength());
        Assert.Equal(0, (await Ledger("verify")).ExitCode);
    }

    [Fact]
    public async Task A_large_batch_shows_its_progress_on_a_terminal_and_a_small_one_does_not()
    {
        var statements = Enumerable.Range(0, RecordBatchCommand.LargeBatch).Select(i =>
            $$"""{"command": "make-statement", "actor": "US", "counterpart": "p{{i:D3}}", "speaker": "A spokesperson", "stance": "neutral", "summary": "Statement {{i}}", "effectiveDate": "2020", "recordedBy": "analyst", "sources": [{"publisher": "P", "title": "T"}]}""");
        async Task<string> ErrorOf(string path)
        {
            var (output, error) = (new StringWriter(), new StringWriter());
            var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output) });
            Assert.Equal(0, await LedgerApp.RunAsync(["--store", Store, "record-batch", path], () => console, output, error, errorIsTerminal: true));
            return error.ToString();
        }
        var large = await ErrorOf(Batch("large.ndjson", [.. statements]));
        Assert.Contains($"Recording {RecordBatchCommand.LargeBatch} commands: 100 %, recorded {RecordBatchCommand.LargeBatch} of {RecordBatchCommand.LargeBatch} relationships", large);
        Assert.True(large.Contains("deciding relationship 1 of 100", StringComparison.Ordinal), large);
        Assert.Equal("", await ErrorOf(Batch("small.ndjson", Item("impose-designation", "1982"))));
    }

    public void Dispose() => _folder.Dispose();
}
