using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Found in round 63: an option that takes a value took the next word even when it was one of the command's own options.
/// <c>record make-statement … --speaker --json …</c> (the speaker forgotten) recorded a statement whose speaker is
/// "--json" with exit code 0 — an immutable event — and <c>export -o --json</c> wrote the export to a file named
/// <c>--json</c>. Such a line is now refused naming the option and the word, and nothing is done; a value meant so is
/// written joined to its option (<c>-o=--json</c>).
/// </summary>
public sealed class OptionsTakenAsValuesTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static string[] Statement(params string[] speaker) =>
        ["record", "make-statement", "--actor", "RU", "--counterpart", "taliban", "--stance", "neutral", "--summary", "S",
            "--on", "2024-01-01", "--source", "publisher=P;title=T", .. speaker];

    [Fact]
    public async Task A_forgotten_value_does_not_take_the_next_option_and_nothing_is_recorded()
    {
        Assert.Equal(0, (await Ledger(Statement("--speaker", "Lavrov"))).ExitCode);

        var run = await Ledger(Statement("--speaker", "--json"));

        Assert.Equal(2, run.ExitCode);
        // The line asked for JSON: its error is JSON, naming the option as typed and the word it took.
        Assert.Equal("", run.Out);
        var error = JsonDocument.Parse(run.Error).RootElement;
        Assert.Equal("--speaker: '--json' is an option of 'ledger record make-statement', not --speaker's value: give --speaker its value " +
            "before the next option (a value that is meant to read '--json' is written joined: --speaker=--json).",
            Assert.Single(error.GetProperty("errors").GetProperty("commandLine").EnumerateArray()).GetString());
        var history = JsonDocument.Parse((await Ledger("history", "RU", "taliban", "--json")).Out).RootElement;
        Assert.Equal("Lavrov", Assert.Single(history.EnumerateArray()).GetProperty("data").GetProperty("speaker").GetString());
    }

    [Theory]
    [InlineData("--store")]     // the root's option, given on every command
    [InlineData("--on")]        // an alias
    [InlineData("-h")]
    public async Task Every_option_of_the_line_counts_its_aliases_and_the_roots(string word)
    {
        var run = await Ledger(Statement("--speaker", word, "Lavrov"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"  --speaker: '{word}' is an option of 'ledger record make-statement', not --speaker's value", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a refused line writes nothing");
    }

    [Fact]
    public async Task What_the_taken_option_explains_is_not_said_again()
    {
        // An empty shell variable: '--target $ID --reason r' with ID unset. The parser also said "Option '--reason' is required.";
        // with '--speaker --store X', "Unrecognized command or argument 'X'." Each is the taken word's doing.
        var correction = await Ledger("record", "correct-entry", "--party-a", "US", "--party-b", "FR", "--target", "--reason", "r",
            "--corrected-effective-date", "1975", "--source", "publisher=P;title=T");
        var statement = await Ledger(Statement("--speaker", "--store", "X"));

        foreach (var (run, option, word) in new[] { (correction, "--target", "--reason"), (statement, "--speaker", "--store") })
        {
            Assert.Equal(2, run.ExitCode);
            var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length); // "Invalid input:", the one problem, where to find the usage
            Assert.StartsWith($"  {option}: '{word}' is an option of 'ledger record ", lines[1], StringComparison.Ordinal);
        }
        Assert.False(File.Exists(Store), "a refused line writes nothing");
    }

    [Fact]
    public async Task A_value_joined_to_its_option_is_taken_as_written()
    {
        var run = await Ledger(Statement("--speaker=--json", "--json"));

        Assert.Equal(0, run.ExitCode);
        var history = JsonDocument.Parse((await Ledger("history", "RU", "taliban", "--json")).Out).RootElement;
        Assert.Equal("--json", Assert.Single(history.EnumerateArray()).GetProperty("data").GetProperty("speaker").GetString());
    }

    [Fact]
    public async Task Export_does_not_write_a_file_named_after_an_option()
    {
        Assert.Equal(0, (await Ledger(Statement("--speaker", "Lavrov"))).ExitCode);

        var run = await LedgerCli.RunProcessAsync(_folder.Path, "--store", Store, "export", "-o", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("-o: '--json' is an option of 'ledger export', not -o's value", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "--json")));

        // Written joined, the file is made, and the --json after it is the option.
        var joined = await LedgerCli.RunProcessAsync(_folder.Path, "--store", Store, "export", "-o=--json", "--json");
        Assert.Equal(0, joined.ExitCode);
        Assert.Equal(1, JsonDocument.Parse(joined.Out).RootElement.GetProperty("events").GetInt32());
        Assert.True(File.Exists(Path.Combine(_folder.Path, "--json")));
    }

    [Theory]
    // Round 63: export's --relationship gives the request's partyA and partyB, which its mistakes named as the API does.
    [InlineData(new[] { "", "RU" }, "  --relationship 1: '--relationship 1' is empty.")]
    [InlineData(new[] { "RU", "RU" }, "  --relationship 2: '--relationship 2' must be a different party from '--relationship 1'.")]
    [InlineData(new[] { "RU", "a b" }, "  --relationship 2: '--relationship 2' 'a b' is neither")]
    public async Task Exports_relationship_is_named_in_its_mistakes(string[] parties, string expected)
    {
        Assert.Equal(0, (await Ledger(Statement("--speaker", "Lavrov"))).ExitCode);

        var run = await Ledger(["export", "--relationship", .. parties, "-o", _folder.File("out.ndjson")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("partyA", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("partyB", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("out.ndjson")));
    }

    public void Dispose() => _folder.Dispose();
}
