using System.Globalization;
using System.Text.Json.Nodes;
using RelationsLedger.Testing.Definitions;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The analysts' questions about <see cref="EdgeHistories"/> through each surface a user has — the CLI's <c>--json</c> and
/// its table, a real <c>ledger</c> process given <c>--known-at</c> with <c>Z</c>, an offset or none (in a time zone that is
/// not UTC), and a real <c>ledger serve</c> over HTTP — each answer held to <see cref="DefinitionsOracle"/>, which reads
/// only the store's export; and bad input to each question refused, naming the field, nonzero.
/// </summary>
public sealed class SurfacesAgainstDefinitionsTests(SurfacesAgainstDefinitionsTests.Recorded recorded) : IClassFixture<SurfacesAgainstDefinitionsTests.Recorded>
{
    /// <summary>The histories recorded once for the class into a store file, and the oracle of its export (a real process).</summary>
    public sealed class Recorded : IAsyncLifetime
    {
        public TempFolder Folder { get; } = new();
        public DefinitionsOracle Oracle { get; private set; } = null!;
        public IReadOnlyList<DateTimeOffset> Moments { get; private set; } = [];
        public string Store => Folder.File("ledger.db");

        public async Task InitializeAsync()
        {
            await using (var ledger = await TestLedger.OpenAsync(ManualClock.Fixed(), folder: Folder))
                Moments = (await EdgeHistories.RecordAsync(ledger)).Moments;
            var export = await LedgerCli.RunProcessAsync(Folder.Path, "--store", Store, "export");
            Assert.True(export.ExitCode == 0, export.Error);
            Oracle = new(LoggedEvent.FromExport(export.Out));
        }

        public Task DisposeAsync()
        {
            Folder.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly TempFolder _folder = recorded.Folder;
    private readonly DefinitionsOracle _oracle = recorded.Oracle;
    private readonly IReadOnlyList<DateTimeOffset> _moments = recorded.Moments;
    private string Store => recorded.Store;

    private static DateOnly D(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    /// <summary>The moment the correction moving IT's listing of PL from 2005-06-15 to 2005-07-15 was recorded (retracted a second later).</summary>
    private DateTimeOffset Moved => _moments[1];

    /// <summary>The moment of GB~NO's four mends at one instant (an accreditation and a statement retracted, an engagement moved, a stance corrected).</summary>
    private DateTimeOffset GbNoMends => _moments[^2];

    /// <summary>Questions at the edges: arguments, what the oracle says, how the answer's JSON reads as lines.</summary>
    private IEnumerable<(string[] Args, IReadOnlyList<string> Expected, Func<string, IReadOnlyList<string>> Read)> Questions()
    {
        var moved = Moved;
        yield return (["state", "ES", "IT", "--as-of", "1990-01-01"], _oracle.State("ES~IT", D("1990-01-01")), AnswerLines.State);
        yield return (["state", "ES", "IT", "--as-of", "1990-01-01", "--known-at", Utc(_moments[3].AddTicks(-1))], _oracle.State("ES~IT", D("1990-01-01"), _moments[3].AddTicks(-1)), AnswerLines.State);
        yield return (["state", "DE", "FR", "--as-of", "2024-02-29"], _oracle.State("DE~FR", D("2024-02-29")), AnswerLines.State);
        yield return (["state", "IT", "PL", "--as-of", "2005-07-01", "--known-at", Utc(moved)], _oracle.State("IT~PL", D("2005-07-01"), moved), AnswerLines.State);
        yield return (["designations-of", "IT", "--as-of", "2010-06-01"], _oracle.DesignationsOf("IT", D("2010-06-01")), AnswerLines.Designations);
        yield return (["designations-by", "IT", "--as-of", "2005-07-01", "--known-at", Utc(moved.AddTicks(-1))], _oracle.DesignationsBy("IT", D("2005-07-01"), moved.AddTicks(-1)), AnswerLines.Designations);
        yield return (["designations-by", "IT", "--as-of", "2005-07-01", "--known-at", Utc(moved)], _oracle.DesignationsBy("IT", D("2005-07-01"), moved), AnswerLines.Designations);
        yield return (["missions-of", "DE", "--at-least", "embassy", "--as-of", "2021-06-01"], _oracle.MissionsAtLeast("DE", "embassy", D("2021-06-01")), AnswerLines.Missions);
        yield return (["missions-of", "PL", "--at-least", "embassy", "--as-of", "1970-06-15"], _oracle.MissionsAtLeast("PL", "embassy", D("1970-06-15")), AnswerLines.Missions);
        yield return (["missions-of", "FR", "--at-least", "legation", "--as-of", "2020-06-01"], _oracle.MissionsAtLeast("FR", "legation", D("2020-06-01")), AnswerLines.Missions);
        // GB~NO, every other kind: the day of the tied engagements, a recognition possibly withdrawn, and the accreditation
        // retracted (its nomination pending again) as known before and at the retraction.
        yield return (["state", "GB", "NO", "--as-of", "1950-05-05"], _oracle.State("GB~NO", D("1950-05-05")), AnswerLines.State);
        yield return (["state", "NO", "GB", "--as-of", "1905-12-10"], _oracle.State("GB~NO", D("1905-12-10")), AnswerLines.State);
        yield return (["state", "GB", "NO", "--as-of", "1966-06-30", "--known-at", Utc(GbNoMends.AddTicks(-1))], _oracle.State("GB~NO", D("1966-06-30"), GbNoMends.AddTicks(-1)), AnswerLines.State);
        yield return (["state", "GB", "NO", "--as-of", "1966-06-30", "--known-at", Utc(GbNoMends)], _oracle.State("GB~NO", D("1966-06-30"), GbNoMends), AnswerLines.State);
        yield return (["changed", "--from", "1990-01-01", "--to", "1990-01-01"], _oracle.Changed(D("1990-01-01"), D("1990-01-01")), AnswerLines.Changed);
        yield return (["changed", "--from", "2005-06-15", "--to", "2005-07-14", "--known-at", Utc(moved)], _oracle.Changed(D("2005-06-15"), D("2005-07-14"), moved), AnswerLines.Changed);
    }

    private static void Same(IReadOnlyList<string> oracle, IReadOnlyList<string> product, string question) =>
        Assert.True(oracle.SequenceEqual(product), $"{question}\noracle:\n  {string.Join("\n  ", oracle)}\nproduct:\n  {string.Join("\n  ", product)}");

    /// <summary>
    /// The CLI's JSON is the oracle's answer, and its table says the same: every item's row is in it (by the first eight digits
    /// of its event's id, or of its ending's), and it says "possibly" at least once for each item the JSON gives as possible, and not at all when none is.
    /// </summary>
    [Fact]
    public async Task The_cli_json_is_the_definitions_answer_and_its_table_says_the_same()
    {
        foreach (var (args, expected, read) in Questions())
        {
            var question = "ledger " + string.Join(' ', args);
            var json = await LedgerCli.RunAsync([.. args, "--json", "--store", Store]);
            Assert.True(json.ExitCode == 0, $"{question}: {json.Error}");
            var lines = read(json.Out);
            Same(expected, lines, question);

            var table = await LedgerCli.RunAsync([.. args, "--store", Store]);
            Assert.True(table.ExitCode == 0, $"{question}: {table.Error}");
            foreach (var line in lines) // an ended item's row names the event that ended it, the others the one that put it there
                Assert.True(EventIds(line).Any(id => table.Out.Contains(id[..8], StringComparison.Ordinal)), $"{question}: the table has no row of '{line}':\n{table.Out}");
            var possible = lines.Count(l => l.Contains(" possible", StringComparison.Ordinal));
            var said = CountOf(table.Out, "possibly");
            Assert.True(possible == 0 ? said == 0 : said >= possible, $"{question}: {possible} items possible in the JSON, 'possibly' {said} times in the table:\n{table.Out}");
        }
    }

    private static IEnumerable<string> EventIds(string line) =>
        System.Text.RegularExpressions.Regex.Matches(line, @"\(([0-9a-f]{8}-[0-9a-f-]{27})\)").Select(m => m.Groups[1].Value);

    private static int CountOf(string text, string word) => (text.Length - text.Replace(word, "", StringComparison.Ordinal).Length) / word.Length;

    /// <summary>
    /// One moment written three ways — in UTC with <c>Z</c>, at +02:00, and without an offset (UTC by docs/api.md) in a process
    /// whose time zone is +05:30 — gives one answer, the oracle's at that moment; a tick before it, the oracle's then.
    /// </summary>
    [Fact]
    public async Task A_known_at_moment_means_the_same_with_z_an_offset_or_none_in_a_real_process()
    {
        var moved = Moved;
        var india = new Dictionary<string, string?> { ["TZ"] = "Asia/Kolkata" };
        foreach (var (moment, written) in new (DateTimeOffset, string)[]
        {
            (moved, Utc(moved)),
            (moved, moved.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture)),
            (moved, Utc(moved).TrimEnd('Z')),
            (moved.AddTicks(-1), moved.AddTicks(-1).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture)),
        })
        {
            var answer = await LedgerCli.RunProcessAsync(_folder.Path, india, "--store", Store, "state", "IT", "PL", "--as-of", "2005-07-01", "--known-at", written, "--json");
            Assert.True(answer.ExitCode == 0, $"--known-at {written}: {answer.Error}");
            Same(_oracle.State("IT~PL", D("2005-07-01"), moment), AnswerLines.State(answer.Out), $"state IT PL --as-of 2005-07-01 --known-at {written} (TZ=Asia/Kolkata)");
        }
        Assert.NotEqual(_oracle.State("IT~PL", D("2005-07-01"), moved), _oracle.State("IT~PL", D("2005-07-01"), moved.AddTicks(-1)));
    }

    private static string Query(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
            if (args[i].StartsWith("--", StringComparison.Ordinal)) options[args[i][2..]] = args[++i];
        string Q(string name, string option) => options.TryGetValue(option, out var v) ? $"{name}={Uri.EscapeDataString(v)}" : "";
        var query = string.Join('&', new[] { Q("asOf", "as-of"), Q("atLeast", "at-least"), Q("from", "from"), Q("to", "to"), Q("knownAt", "known-at") }.Where(q => q.Length > 0));
        return args[0] switch
        {
            "state" => $"/relationships/{args[1]}/{args[2]}/state?{query}",
            "changed" => $"/relationships/changed?{query}",
            var across => $"/parties/{args[1]}/{across}?{query}",
        };
    }

    /// <summary>The same questions over HTTP to a real <c>ledger serve</c>: the oracle's answers; and bad input a 400 naming the field.</summary>
    [Fact]
    public async Task A_real_server_answers_as_the_definitions_and_refuses_bad_input()
    {
        await using var server = await ServeProcess.StartAsync(_folder.Path, Store);
        foreach (var (args, expected, read) in Questions())
        {
            var path = Query(args);
            using var response = await server.Client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
            Same(expected, read(body), $"GET {path}");
        }
        foreach (var (query, dates) in PanelQueries())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/panel?{query}");
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await server.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET /panel?{query}: {(int)response.StatusCode} {body}");
            Same(DefinitionsOracle.Sorted(dates.SelectMany(d => _oracle.PanelRow("GB~NO", d.Date, d.Start))), AnswerLines.Panel(body), $"GET /panel?{query}");
        }
        foreach (var (path, field) in BadQueries())
        {
            using var response = await server.Client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == 400, $"GET {path}: {(int)response.StatusCode} {body}");
            Assert.True(JsonNode.Parse(body)!["errors"]?[field] is not null, $"GET {path}: the refusal does not name '{field}': {body}");
        }
    }

    /// <summary>Panels of GB~NO (party NO) whose periods cut the engagements' and statements' partial dates: their dates and each period's first day.</summary>
    private static IEnumerable<(string Query, IEnumerable<(DateOnly Date, DateOnly Start)> Dates)> PanelQueries() =>
    [
        ("from=1949-12&to=1951-01&every=month&party=NO", Enumerable.Range(0, 14).Select(i => (new DateOnly(1949, 12, 1).AddMonths(i + 1).AddDays(-1), new DateOnly(1949, 12, 1).AddMonths(i)))),
        ("from=1905&to=1912&every=year&on=06-30&party=NO", Enumerable.Range(1905, 8).Select(y => (new DateOnly(y, 6, 30), new DateOnly(y - 1, 7, 1)))),
    ];

    private static IEnumerable<(string Path, string Field)> BadQueries() =>
    [
        ("/relationships/IT/PL/state?asOf=2005-02-30", "asOf"),
        ("/relationships/IT/PL/state?asOf=2005-07", "asOf"),
        ("/relationships/IT/PL/state?asOf=2005-07-01&knownAt=2999-01-01T00:00:00Z", "knownAt"),
        ("/relationships/changed?from=2005-07-02&to=2005-07-01", "to"),
        ("/parties/Italy/designations-of?asOf=2005-07-01", "party"),
        ("/parties/IT/missions-of?atLeast=palace&asOf=2005-07-01", "atLeast"),
        ("/panel?from=1950&to=1950&aspects=missions,,designations", "aspects"),
        ("/panel?from=1950-06-15&to=1950-06-15", "on"),
    ];

    /// <summary>Bad input to each question on the command line: exit 2, the option named, and nothing else printed on standard output.</summary>
    [Theory]
    [InlineData("--as-of", "state", "IT", "PL", "--as-of", "2024-02-30")]
    [InlineData("--as-of", "state", "IT", "PL", "--as-of", "yesterday")]
    [InlineData("--as-of", "designations-by", "IT", "--as-of", "2005")]
    [InlineData("--to", "changed", "--from", "2005-07-02", "--to", "2005-07-01")]
    [InlineData("--known-at", "designations-of", "IT", "--as-of", "2005-07-01", "--known-at", "2999-01-01T00:00:00Z")]
    [InlineData("--known-at", "state", "IT", "PL", "--as-of", "2005-07-01", "--known-at", "2005-07-01T25:00:00Z")]
    [InlineData("<party>", "missions-of", "Italy", "--at-least", "embassy", "--as-of", "2005-07-01")]
    [InlineData("--at-least", "missions-of", "IT", "--at-least", "palace", "--as-of", "2005-07-01")]
    public async Task Bad_input_to_a_question_is_refused_naming_it(string named, params string[] args)
    {
        var result = await LedgerCli.RunAsync([.. args, "--store", Store]);
        Assert.True(result.ExitCode == 2, $"ledger {string.Join(' ', args)}: exit {result.ExitCode}\n{result.Out}{result.Error}");
        Assert.Contains($"{named}:", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }
}
