using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The command line as a hostile or careless user meets it (issue #11): every problem at once, one line
/// each, in words; a command id never swallows different content; unprintable text is refused on the way
/// in and never reaches the terminal on the way out.
/// </summary>
public sealed class InputHygieneTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static readonly string[] Source = ["--source", "publisher=TASS;title=Statement"];

    private Task<CliResult> Statement(string stance, string recordedBy, Guid id) => Ledger([
        "record", "make-statement", "--actor", "RU", "--counterpart", "taliban", "--speaker", "Putin", "--stance", stance,
        "--summary", "On the Taliban", "--on", "2024-07", "--recorded-by", recordedBy, "--command-id", id.ToString(), .. Source]);

    private static void NoHelpDumpNoTypeNames(CliResult run)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("Options:", run.Error + run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Error + run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error + run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_answer_asked_with_a_state_code_in_lower_case_says_the_party_asked_about_is_an_organisation()
    {
        Assert.Equal(0, (await Statement("ally", "analyst", Guid.NewGuid())).ExitCode);
        const string note = "'ru' is an organisation's slug (lower case); a state's ISO code is upper case: RU";

        // Each answer is true of ru~taliban, which holds nothing: the note says so, where before it was an empty table (or "OK").
        // So is an answer across relationships about the party ru (before round 41, "(none)" alone: no one designates Russia).
        foreach (var asked in new[]
                 {
                     new[] { "state", "ru", "taliban" }, ["history", "ru", "taliban"], ["audit", "ru", "taliban"], ["verify", "ru", "taliban"],
                     ["designations-by", "ru"], ["designations-of", "ru"], ["missions-of", "ru", "--at-least", "embassy"],
                 })
        {
            var run = await Ledger(asked);
            Assert.Equal(0, run.ExitCode);
            Assert.Contains(note, run.Out, StringComparison.Ordinal);
        }

        // Asked as recorded, or about a relationship that holds something, or as JSON: no note.
        foreach (var asked in new[] { new[] { "state", "RU", "taliban", "--as-of", "2025-01-01" }, ["state", "RU", "taliban", "--as-of", "1990-01-01"], ["verify", "RU", "taliban"], ["history", "RU", "taliban"], ["state", "ru", "taliban", "--json"],
                     ["designations-by", "RU"], ["missions-of", "RU", "--at-least", "embassy"], ["designations-of", "ru", "--json"] })
            Assert.DoesNotContain("Note:", (await Ledger(asked)).Out, StringComparison.Ordinal);
        Assert.Contains("'de' and 'fr' are organisations' slugs", (await Ledger("state", "fr", "de")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_id_reused_with_other_content_is_refused_naming_the_earlier_event()
    {
        var id = Guid.NewGuid();
        Assert.Equal(0, (await Statement("ally", "analyst", id)).ExitCode);

        var otherStance = await Statement("hostile", "analyst", id);
        Assert.Equal(8, otherStance.ExitCode);
        Assert.Contains($"event {id}", otherStance.Error, StringComparison.Ordinal);
        Assert.Contains("relationship-RU~taliban", otherStance.Error, StringComparison.Ordinal);

        var otherRecorder = await Statement("ally", "somebody else", id);
        Assert.Equal(8, otherRecorder.ExitCode);

        var retry = await Statement("ally", "analyst", id);
        Assert.Equal(0, retry.ExitCode);
        Assert.Contains("Already recorded", retry.Out, StringComparison.Ordinal);

        var state = await Ledger("state", "RU", "taliban", "--as-of", "2025-01-01", "--json");
        var statement = Assert.Single(JsonDocument.Parse(state.Out).RootElement.GetProperty("statements").EnumerateArray());
        Assert.Equal("ally", statement.GetProperty("stance").GetString());
    }

    [Fact]
    public async Task Every_error_of_a_question_is_reported_at_once()
    {
        var run = await Ledger("state", "RU", "taliban", "--as-of", "2025-02-30", "--known-at", "yesterday");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  --as-of:", run.Error, StringComparison.Ordinal);
        Assert.Contains("  --known-at:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was recorded", run.Error, StringComparison.Ordinal); // a question records nothing anyway
    }

    /// <summary>
    /// Found by an earlier round: a well-formed moment whose offset takes it, in UTC, before 0001-01-01 or after 9999-12-31
    /// was "not a moment in ISO 8601"; the one reading of a moment (QueryRules, as the API's) now says what is wrong with it.
    /// </summary>
    [Theory]
    [InlineData("0001-01-01T00:00:00+14:00", "before 0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59-12:00", "after 9999-12-31T23:59:59.9999999Z")]
    public async Task A_known_at_moment_beyond_the_calendar_in_UTC_is_refused_saying_so(string knownAt, string why)
    {
        var run = await Ledger("state", "RU", "taliban", "--known-at", knownAt);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{knownAt}' is, in UTC, {why}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("must be a moment in ISO 8601", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    /// <summary>
    /// Found by a hostile reading: <c>--known-at 2999-01-01</c> was answered as the ledger knew it when asked, an answer what
    /// is recorded before then changes. It is refused, naming --known-at, before anything is opened.
    /// </summary>
    [Fact]
    public async Task A_known_at_moment_still_to_come_is_refused_naming_it()
    {
        var run = await Ledger("state", "RU", "taliban", "--known-at", "2999-01-01");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--known-at: '--known-at' 2999-01-01T00:00:00.0000000Z is still to come: it is later than now (", run.Error, StringComparison.Ordinal);
        Assert.Contains("Leave it out to ask as known now.", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Theory]
    [InlineData("state RU")]
    [InlineData("state RU taliban --bogus x")]
    [InlineData("record impose-designation --actor RU")]
    [InlineData("record make-statement --actor RU --counterpart taliban --speaker P --stance ally --summary S --on 2024 --source publisher=P;title=T --command-id notaguid")]
    [InlineData("nosuchcommand")]
    public async Task Command_line_mistakes_are_one_line_each_without_the_help_text(string line)
    {
        var run = await Ledger(line.Split(' '));
        NoHelpDumpNoTypeNames(run);
        Assert.Contains("Invalid input", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by a hostile test: a command mistyped ('stat US taliban') was four lines — "Required command was not provided.",
    /// then every word of the line "Unrecognized" — none of them saying which command was meant. Now one line naming the
    /// word that is not a command, and the commands it is close to.
    /// </summary>
    [Theory]
    [InlineData("stat US taliban", "'stat' is not a command of 'ledger'; did you mean 'state'?")]
    [InlineData("State US taliban", "'State' is not a command of 'ledger'; did you mean 'state' or 'store'?")] // 'store' (round 41) is one letter away too
    [InlineData("histroy US taliban", "'histroy' is not a command of 'ledger'; did you mean 'history'?")]
    [InlineData("designations US", "'designations' is not a command of 'ledger'; did you mean 'designations-by' or 'designations-of'?")]
    [InlineData("record impose-designatoin --actor US", "'impose-designatoin' is not a command of 'ledger record'; did you mean 'impose-designation'?")]
    [InlineData("frobnicate", "'frobnicate' is not a command of 'ledger' ('ledger --help' lists them).")]
    // With --help the parser kept no error and printed the help of the command before the word (the root's), exit 0.
    [InlineData("stat US taliban --help", "'stat' is not a command of 'ledger'; did you mean 'state'?")]
    [InlineData("frobnicate -h", "'frobnicate' is not a command of 'ledger' ('ledger --help' lists them).")]
    [InlineData("record impose-designatoin --help", "'impose-designatoin' is not a command of 'ledger record'; did you mean 'impose-designation'?")]
    public async Task A_mistyped_command_is_named_with_the_commands_it_is_close_to(string line, string expected)
    {
        var run = await Ledger(line.Split(' '));
        NoHelpDumpNoTypeNames(run);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"Invalid input:\n  {expected}\n", run.Error.Split("Run '")[0].ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Store));
    }

    /// <summary>
    /// Found by round 62's hostile pass: a command without its arguments said System.CommandLine's "Required argument missing for
    /// command: 'state'." — naming neither the argument missing nor those the command takes. Now both.
    /// </summary>
    [Theory]
    [InlineData("state", "<party-a> and <party-b> are missing: the command is 'ledger state <party-a> <party-b>'.")]
    [InlineData("state RU --as-of 2024-01-01", "<party-b> is missing: the command is 'ledger state <party-a> <party-b>'.")]
    [InlineData("audit RU", "<party-b> is missing: the command is 'ledger audit <party-a> <party-b>'.")]
    [InlineData("designations-of", "<party> is missing: the command is 'ledger designations-of <party>'.")]
    [InlineData("import", "<file> is missing: the command is 'ledger import <file>'.")]
    public async Task A_command_without_its_arguments_names_those_missing_and_its_usage(string line, string expected)
    {
        var run = await Ledger(line.Split(' '));
        NoHelpDumpNoTypeNames(run);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"Invalid input:\n  {expected}\n", run.Error.Split("Run '")[0].ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Store));
    }

    /// <summary>
    /// Found by a hostile test: a value that is not one of an option's choices ('api-key new --role writer') printed
    /// System.CommandLine's message as it comes, the choices on lines of their own after a tab, which the terminal's guard
    /// showed as "\u0009'recorder'", and without the option's name. Now one line naming the option and its choices.
    /// </summary>
    [Theory]
    [InlineData("api-key new --role writer", "--role: 'writer' is not one of 'recorder', 'reader'.")]
    [InlineData("panel --from 2000 --to 2001 --format xlsx", "--format: 'xlsx' is not one of 'csv', 'ndjson'.")]
    public async Task A_value_not_among_an_options_choices_is_named_with_them_on_one_line(string line, string expected)
    {
        var run = await Ledger(line.Split(' '));
        NoHelpDumpNoTypeNames(run);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"Invalid input:\n  {expected}\n", run.Error.Split("Run '")[0].ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Store));
    }

    /// <summary>
    /// Found by round 36's hostile tester: an option of one value given twice said System.CommandLine's "Option '--as-of'
    /// expects a single argument but 2 were provided." without the values; the HTTP API quoted them joined ('3,9'). Both
    /// now say it alike: how many times, the values, and that it takes one.
    /// </summary>
    [Theory]
    [InlineData("state RU taliban --as-of 2020-01-01 --as-of 2021-01-01", "'--as-of' is given 2 times ('2020-01-01', '2021-01-01'); it takes one value: give it once.")]
    [InlineData("designations-by RU --known-at 2025-01-01 --known-at 2025-02-01 --known-at 2025-03-01 --known-at 2025-04-01",
        "'--known-at' is given 4 times ('2025-01-01', '2025-02-01', '2025-03-01', …); it takes one value: give it once.")]
    [InlineData("panel --from 2000 --from 2001 --to 2002", "'--from' is given 2 times ('2000', '2001'); it takes one value: give it once.")]
    public async Task An_option_of_one_value_given_more_than_once_is_named_with_its_values(string line, string expected)
    {
        var run = await Ledger(line.Split(' '));
        NoHelpDumpNoTypeNames(run);
        Assert.Equal($"Invalid input:\n  {expected}\n", run.Error.Split("Run '")[0].ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Store));
    }

    /// <summary>
    /// Found by a hostile test: 'РУ' (Cyrillic Р and У) was "neither an ISO 3166-1 alpha-2 code (two upper-case letters, e.g. RU)
    /// nor a lower-case slug" — to a user looking at what reads as RU. The refusal now names the characters that are not ASCII.
    /// </summary>
    [Theory]
    [InlineData("РУ", "it holds characters that are not ASCII, though they may look so: 'Р' (U+0420), 'У' (U+0423)")]
    [InlineData("tаliban", "it holds characters that are not ASCII, though they may look so: 'а' (U+0430)")]
    [InlineData("ＵＳ", "it holds characters that are not ASCII, though they may look so: 'Ｕ' (U+FF35), 'Ｓ' (U+FF33)")]
    public async Task A_party_id_with_look_alike_letters_names_them(string party, string expected)
    {
        var run = await Ledger("state", party, "taliban");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{party}' is neither an ISO 3166-1 alpha-2 code", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_value_that_is_not_a_uuid_says_so_in_words()
    {
        var run = await Ledger(["record", "retract-entry", "--party-a", "RU", "--party-b", "taliban", "--target", "x", "--reason", "r", "--command-id", "notaguid", .. Source]);
        NoHelpDumpNoTypeNames(run);
        Assert.Contains("--command-id: 'notaguid' is not a UUID", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unprintable_text_is_refused_and_nothing_is_recorded()
    {
        var run = await Ledger(["record", "make-statement", "--actor", "RU", "--counterpart", "taliban", "--speaker", "Putin\u001b]0;owned\u0007",
            "--stance", "ally", "--summary", "red \u001b[31m text", "--on", "2024", .. Source]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  --speaker:", run.Error, StringComparison.Ordinal);
        Assert.Contains("  --summary:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public async Task A_removal_dated_by_its_year_before_a_dated_imposition_is_explained()
    {
        Assert.Equal(0, (await Ledger(["record", "impose-designation", "--actor", "RU", "--counterpart", "taliban", "--list", "L", "--authority", "Court", "--on", "2003-02-14", .. Source])).ExitCode);
        var run = await Ledger(["record", "remove-designation", "--actor", "RU", "--counterpart", "taliban", "--list", "L", "--authority", "Court", "--on", "2003", .. Source]);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("ordered after it", run.Error, StringComparison.Ordinal);
        Assert.Contains("2003-02-14", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_answer_as_known_at_a_moment_says_what_was_known()
    {
        Assert.Equal(0, (await Ledger(["record", "impose-designation", "--actor", "RU", "--counterpart", "taliban", "--list", "L", "--authority", "Court", "--on", "2003-02-14", .. Source])).ExitCode);
        var run = await Ledger("state", "RU", "taliban", "--as-of", "2010-01-01", "--known-at", "2000-01-01T00:00:00Z");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("nothing known at 2000-01-01", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readmes_exit_code_table_lists_every_exit_code()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));
        var codes = typeof(Hosting.ExitCodes).GetFields().Select(f => (int)f.GetValue(null)!).ToList();
        foreach (var code in codes)
            Assert.Matches($@"\n\| {code} \|", readme);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RelationsLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("not inside the repository");
    }

    public void Dispose() => _folder.Dispose();
}
