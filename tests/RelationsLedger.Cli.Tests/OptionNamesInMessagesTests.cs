using System.Text.Json;
using System.Text.RegularExpressions;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A command line's mistakes are named by what the user typed (<c>--as-of</c>, the usage's <c>&lt;party-b&gt;</c>), not by
/// the request's fields (<c>asOf</c>, which the HTTP API keeps): one table (FieldNames) for every command. Before, every
/// command said <c>asOf: 'asOf' must be a day …</c> to a user who wrote <c>--as-of</c>.
/// </summary>
public sealed partial class OptionNamesInMessagesTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    public static TheoryData<string[], string[]> Mistakes => new()
    {
        { ["state", "RU", "taliban", "--as-of", "2024-02-30", "--known-at", "yesterday"],
            ["  --as-of: '--as-of': '2024-02-30' is not a valid date: day 30 does not exist in 2024-02.", "  --known-at: '--known-at' must be a moment in ISO 8601"] },
        { ["designations-by", "US", "--as-of", "2024-13-01", "--known-at", "2025-02-29T12:00:00Z"],
            ["  --as-of: '--as-of': '2024-13-01' is not a valid date: month 13 is out of range 1..12.",
             "  --known-at: '--known-at': '2025-02-29T12:00:00Z' is not a valid date: day 29 does not exist in 2025-02."] },
        { ["changed", "--from", "0000-01-01", "--to", "2024-02-3"],
            ["  --from: '--from': '0000-01-01' is not a valid date: year 0 is out of range 1..9999.", "  --to: '--to' must be a day of the form YYYY-MM-DD; '2024-02-3' is not."] },
        { ["state", "RU", "RU"], ["  <party-b>: '<party-b>' must be a different party from '<party-a>'."] },
        { ["designations-by", "US", "--as-of", "x"], ["  --as-of: '--as-of' must be a day"] },
        { ["designations-of", "taliban", "--known-at", "x"], ["  --known-at: '--known-at' must be a moment"] },
        { ["missions-of", "US", "--at-least", "palace"], ["  --at-least: '--at-least' must be one of embassy,", "; 'palace' is not."] },
        { ["changed", "--from", "2024-05-01", "--to", "2024-01-01"], ["  --to: '--to' must be on or after '--from'."] },
        { ["panel", "--from", "2024", "--to", "2024", "--every", "month", "--on", "02-28", "--party", "ZZZZ"],
            ["  --on: '--on' (MM-DD) applies only to yearly panels", "  --party: '--party' 'ZZZZ' is neither"] },
        { ["panel", "--from", "2024", "--to", "2024", "--every", "on"], ["  --every: '--every' must be one of year, quarter, month, day; 'on' is not."] }, // the value is not taken for an option
        { ["history", "RU"], ["  <party-b>: name the relationship's two parties"] },
        { ["history", "--correlation-id", "00000000-0000-0000-0000-000000000000"], ["  --correlation-id: '--correlation-id' must not be the empty id."] },
        { ["audit", "US", "taliban", "--known-at", "x"], ["  --known-at: '--known-at' must be a moment"] },
        { ["record", "make-statement", "--actor", "RU", "--counterpart", "taliban", "--speaker", "P", "--stance", "friendly", "--summary", "S",
            "--on", "2024-13", "--source", "publisher=P;title=T", "--source", "publisher=P;title=T;published=2024-13"],
            ["  --on: '--on': '2024-13' is not", "  --source 2 published: 'published': '2024-13' is not", "  --stance: '--stance' must be one of"] },
        { ["record", "make-statement", "--actor", "RU", "--counterpart", "taliban", "--speaker", "P", "--stance", "ally", "--summary", "S",
            "--effective-date", "2024-13", "--source", "publisher=P;title=T"], ["  --effective-date: '--effective-date': '2024-13' is not"] },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_is_named_by_the_option_or_argument_typed(string[] line, string[] expected)
    {
        var run = await Ledger(line);
        Assert.Equal(2, run.ExitCode);
        foreach (var words in expected) Assert.Contains(words, run.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(RequestField(), run.Error);
        Assert.False(File.Exists(Store), "a refused command line writes nothing");
    }

    [Fact]
    public async Task On_a_ledger_the_options_of_a_correction_and_of_verify_are_named_and_nothing_is_recorded()
    {
        var recorded = await Ledger("record", "impose-designation", "--actor", "US", "--counterpart", "taliban", "--list", "FTO", "--authority", "INA",
            "--on", "2002", "--source", "publisher=State;title=FTO", "--json");
        Assert.Equal(0, recorded.ExitCode);
        var id = JsonDocument.Parse(recorded.Out).RootElement.GetProperty("eventId").GetString()!;

        var correct = await Ledger("record", "correct-entry", "--party-a", "US", "--party-b", "taliban", "--target", id, "--reason", "r",
            "--set", "nosuch=1", "--source", "publisher=P;title=T");
        Assert.Equal(2, correct.ExitCode);
        Assert.Contains("  --set nosuch: DesignationImposed has no field 'nosuch'", correct.Error, StringComparison.Ordinal);
        // A field given twice: before round 62 the last value was recorded without a word (a JSON body's key given twice is refused).
        var twice = await Ledger("record", "correct-entry", "--party-a", "US", "--party-b", "taliban", "--target", id, "--reason", "r",
            "--set", "authority=X", "--set", "list=SDGT", "--set", "authority=Y", "--source", "publisher=P;title=T");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("  --set authority: 'authority' is given 2 times ('X', 'Y'); it takes one value: give it once.", twice.Error, StringComparison.Ordinal);
        var verify = await Ledger("verify", "--digest", "x");
        Assert.Equal(2, verify.ExitCode);
        Assert.Contains("  --digest: 'x' is not a digest token", verify.Error, StringComparison.Ordinal);
        foreach (var run in new[] { correct, verify }) Assert.DoesNotMatch(RequestField(), run.Error);
        Assert.Single(JsonDocument.Parse((await Ledger("history", "US", "taliban", "--json")).Out).RootElement.EnumerateArray());
    }

    /// <summary>US's mission in FR recorded, and the command line that corrects it, but for what it sets.</summary>
    private async Task<string[]> CorrectionOfAMissionAsync()
    {
        var recorded = await Ledger("record", "open-mission", "--actor", "US", "--counterpart", "FR", "--level", "embassy",
            "--on", "1950", "--source", "publisher=State;title=Missions", "--json");
        Assert.Equal(0, recorded.ExitCode);
        var id = JsonDocument.Parse(recorded.Out).RootElement.GetProperty("eventId").GetString()!;
        return ["record", "correct-entry", "--party-a", "US", "--party-b", "FR", "--target", id, "--reason", "r", "--source", "publisher=P;title=T"];
    }

    [Fact]
    public async Task A_value_or_a_field_of_the_corrected_event_or_of_a_batch_line_is_not_taken_for_an_option()
    {
        // Found in round 51: `--set level=reason` was refused with "…; '--reason' is not.", `--set reason=x` with "MissionOpened
        // has no field '--reason'", and a batch line's field "json" with "open-mission has no field '--json'": the words a user
        // typed inside a value or a file, rewritten as options of the command line because they matched one's name.
        var correction = await CorrectionOfAMissionAsync();

        var value = await Ledger([.. correction, "--set", "level=reason"]);
        Assert.Equal(2, value.ExitCode);
        Assert.Contains("  --set level: 'level' must be one of embassy,", value.Error, StringComparison.Ordinal);
        Assert.Contains("; 'reason' is not.", value.Error, StringComparison.Ordinal);
        var field = await Ledger([.. correction, "--set", "reason=x"]);
        Assert.Equal(2, field.ExitCode);
        Assert.Contains("  --set reason: MissionOpened has no field 'reason'; its fields are", field.Error, StringComparison.Ordinal);

        var batch = _folder.File("batch.ndjson");
        await File.WriteAllTextAsync(batch, """{"command": "open-mission", "actor": "US", "counterpart": "IT", "level": "embassy", "effectiveDate": "1950", "recordedBy": "me", "sources": [{"publisher": "P", "title": "T"}], "json": "x"}""" + "\n");
        var line = await Ledger("record-batch", batch);
        Assert.Equal(2, line.ExitCode);
        Assert.Contains("  line 1.json: open-mission has no field 'json'; its fields are", line.Error, StringComparison.Ordinal);

        foreach (var run in new[] { value, field, line }) Assert.DoesNotContain("'--", run.Error, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse((await Ledger("history", "US", "FR", "--json")).Out).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task A_field_typed_inside_a_value_or_a_batch_line_is_named_as_typed_even_when_an_option_differs_from_its_field()
    {
        // Found in round 66: the nested field of a failure was looked up in the table of options named apart from their
        // fields, so `--set sources=x` was refused with "--set source: … has no field 'source'", and a batch line's field
        // "changes" with "has no field 'set'", "minimumLevel" with 'at-least', a source's "publishedOn" with 'published' —
        // the words of --source's text, in a JSON file that must say "publishedOn".
        var correction = await CorrectionOfAMissionAsync();
        foreach (var typed in new[] { "sources", "changes", "minimumLevel", "publishedOn" })
        {
            var set = await Ledger([.. correction, "--set", typed + "=x"]);
            Assert.Equal(2, set.ExitCode);
            Assert.Contains($"  --set {typed}: MissionOpened has no field '{typed}'; its fields are", set.Error, StringComparison.Ordinal);
        }

        var batch = _folder.File("batch.ndjson");
        foreach (var typed in new[] { "changes", "minimumLevel", "publishedOn" })
        {
            await File.WriteAllTextAsync(batch, ("{'command': 'open-mission', 'actor': 'US', 'counterpart': 'IT', 'level': 'embassy', 'effectiveDate': '1950', " +
                $"'recordedBy': 'me', 'sources': [{{'publisher': 'P', 'title': 'T', 'publishedOn': 1950}}], '{typed}': 'x'}}\n").Replace('\'', '"'));
            var line = await Ledger("record-batch", batch);
            Assert.Equal(2, line.ExitCode);
            Assert.Contains($"  line 1.{typed}: open-mission has no field '{typed}'; its fields are", line.Error, StringComparison.Ordinal);
            Assert.Contains("  line 1.sources[0].publishedOn: 'publishedOn' must be a string, not a number.", line.Error, StringComparison.Ordinal);
        }

        // On the command line a source's field is still named as --source's text names it.
        var source = await Ledger([.. correction, "--set", "level=consulate", "--source", "publisher=P;title=T;published=1950-13"]);
        Assert.Equal(2, source.ExitCode);
        Assert.Contains("  --source 2 published: 'published': '1950-13' is not", source.Error, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse((await Ledger("history", "US", "FR", "--json")).Out).RootElement.EnumerateArray());
    }

    [Theory]
    // Round 51: a value spelt as the field it is refused for left the field unnamed ("<party-a>: 'partyA' 'partyA' is neither …").
    [InlineData(new[] { "state", "partyA", "taliban" }, "  <party-a>: '<party-a>' 'partyA' is neither", "'partyA' is neither")]
    [InlineData(new[] { "missions-of", "US", "--at-least", "minimumLevel" }, "  --at-least: '--at-least' must be one of embassy,", "; 'minimumLevel' is not.")]
    public async Task A_value_spelt_as_its_own_field_is_quoted_as_typed_and_the_field_named_by_its_option(string[] line, string expected, string value)
    {
        var run = await Ledger(line);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Contains(value, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a refused command line writes nothing");
    }

    /// <summary>
    /// Found in round 62: a value holding a FluentValidation placeholder was quoted with the placeholder filled in — a party
    /// written <c>{PropertyName}</c> as <c>'partyA'</c>, <c>a{PropertyValue}</c> as <c>'aa{PropertyValue}'</c> — since the rule
    /// wrote the value into its message template (<see cref="Application.Pipeline.TemplateText"/>).
    /// </summary>
    [Theory]
    [InlineData(new[] { "state", "{PropertyName}", "taliban" }, "'{PropertyName}' is neither")]
    [InlineData(new[] { "state", "RU", "a{PropertyValue}" }, "'a{PropertyValue}' is neither")]
    [InlineData(new[] { "missions-of", "US", "--at-least", "{PropertyName}" }, "; '{PropertyName}' is not.")]
    [InlineData(new[] { "panel", "--from", "2024", "--to", "2024", "--every", "{PropertyValue}" }, "; '{PropertyValue}' is not.")]
    [InlineData(new[] { "panel", "--from", "{PropertyName}", "--to", "2024" }, "'{PropertyName}' is not a date of the form")]
    [InlineData(new[] { "panel", "--from", "2024", "--to", "2024", "--aspects", "{PropertyName}" }, "names no kind of item '{PropertyName}';")]
    public async Task A_value_holding_a_message_placeholder_is_quoted_as_typed(string[] line, string quoted)
    {
        var run = await Ledger(line);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(quoted, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("LeftBrace", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a refused command line writes nothing");
    }

    [Fact]
    public async Task With_json_the_message_names_the_option_and_errors_keeps_the_field_as_the_api_names_it()
    {
        var run = await Ledger("state", "RU", "taliban", "--as-of", "2024-02-30", "--json");
        Assert.Equal(2, run.ExitCode);
        var problem = JsonDocument.Parse(run.Error).RootElement;
        Assert.Contains("--as-of: '--as-of': '2024-02-30' is not a valid date", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("'asOf': '2024-02-30' is not a valid date", problem.GetProperty("errors").GetProperty("asOf")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>A line naming a camelCase field (<c>  asOf:</c>, <c>  partyB:</c>) or quoting one.</summary>
    [GeneratedRegex(@"(?m)^  [a-z]+[A-Z][A-Za-z]*[:\[. ]|'(asOf|knownAt|partyA|partyB|minimumLevel|correlationId|effectiveDate|publishedOn|from|to|party|stance)'")]
    private static partial Regex RequestField();

    public void Dispose() => _folder.Dispose();
}
