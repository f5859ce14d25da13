using System.Globalization;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Testing.Definitions;
using Xunit.Abstractions;

namespace RelationsLedger.Projections.Tests.Definitions;

/// <summary>
/// <see cref="EdgeHistories"/> (recorded once for the class) asked about at every edge, the days either side and far
/// outside (before 1945, the far future) as known now; at each mend's moment, a tick before it and a tick after, about the
/// relationships and days the mend changes; and before the first event: the state of each relationship,
/// <c>designations-by</c>/<c>-of</c> and <c>missions-of</c> of its parties at two levels (embassy, consulate: each history lowers a mission across one of them), and <c>changed</c> over windows
/// whose ends are the edges — each held to <see cref="DefinitionsOracle"/>.
/// </summary>
public sealed class EdgeHistoriesAgainstDefinitionsTests(EdgeHistoriesAgainstDefinitionsTests.Recorded recorded, ITestOutputHelper output)
    : IClassFixture<EdgeHistoriesAgainstDefinitionsTests.Recorded>
{
    public sealed class Recorded : IAsyncLifetime
    {
        public TestLedger Ledger { get; private set; } = null!;
        public DefinitionsOracle Oracle { get; private set; } = null!;
        /// <summary>What to ask about: as known at a moment (now when null), which relationships, on which days.</summary>
        public IReadOnlyList<(DateTimeOffset? KnownAt, IReadOnlyList<string> Relationships, IReadOnlyList<DateOnly> Days)> Points { get; private set; } = [];

        public async Task InitializeAsync()
        {
            Ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
            var histories = await EdgeHistories.RecordAsync(Ledger);
            var export = await LedgerCli.RunAsync("export", "--store", Ledger.Path);
            Assert.True(export.ExitCode == 0, export.Error);
            Oracle = new(LoggedEvent.FromExport(export.Out));
            var all = Oracle.Relationships.ToList();
            var points = new List<(DateTimeOffset?, IReadOnlyList<string>, IReadOnlyList<DateOnly>)>
            {
                (null, all, Around(all.SelectMany(r => Oracle.Record(r, null)))),
                (histories.Moments[0], all, Around(all.SelectMany(r => Oracle.Record(r, null)).Take(3))),
            };
            foreach (var moment in histories.Moments.Skip(1))
            {
                // What the mends of the moment change: the facts whose form is not the same a tick before and at the moment.
                var changed = all.SelectMany(r => Oracle.Record(r, moment.AddTicks(-1)).Select(f => (r, f)).Concat(Oracle.Record(r, moment).Select(f => (r, f))))
                    .GroupBy(x => (x.r, x.f.Id, x.f.Type, x.f.Effective, Data: x.f.Data.ToJsonString())).Where(g => g.Count() == 1).Select(g => g.First()).ToList();
                var relationships = changed.Select(x => x.r).Distinct().ToList();
                Assert.NotEmpty(relationships);
                points.AddRange(new[] { moment.AddTicks(-1), moment, moment.AddTicks(1) }.Select(t => ((DateTimeOffset?)t, (IReadOnlyList<string>)relationships, Around(changed.Select(x => x.f)))));
            }
            Points = points;
        }

        private static IReadOnlyList<DateOnly> Around(IEnumerable<DefinitionsOracle.Form> facts) =>
            facts.SelectMany(f => new[] { f.Effective.First, f.Effective.Last }).SelectMany(d => new[] { d.DayNumber - 1, d.DayNumber, d.DayNumber + 1 })
                .Where(n => n >= DateOnly.MinValue.DayNumber && n <= DateOnly.MaxValue.DayNumber).Select(DateOnly.FromDayNumber) // a pledge of year 1
                .Concat(FarDays).Distinct().Order().ToList();

        public async Task DisposeAsync() => await Ledger.DisposeAsync();
    }

    private static readonly DateOnly[] FarDays = [new(1, 1, 1), new(1900, 1, 1), new(1944, 12, 30), new(1945, 1, 1), new(2999, 12, 31), new(9999, 12, 31)];

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Same(IReadOnlyList<string> oracle, IReadOnlyList<string> product, string question) =>
        Assert.True(oracle.SequenceEqual(product), $"{question}\noracle:\n  {string.Join("\n  ", oracle)}\nproduct:\n  {string.Join("\n  ", product)}");

    /// <summary>What an answer's line is an instance of: its kind, and its status and certainty (a tenure) or its place among the latest ten and certainty.</summary>
    private static string Shape(string line)
    {
        var words = line.Split(' ');
        return words[0] is "engagement" or "statement" ? $"{words[0]} {words[1]} {words[^1]}"
            : System.Text.RegularExpressions.Regex.Match(line, @"\) (in-force|ended|suspended) (certain|possible)") is { Success: true } m ? $"{words[0]} {m.Groups[1].Value} {m.Groups[2].Value}" : words[0];
    }

    private static string Known(DateTimeOffset? t) => t is { } m ? $" --known-at {m:O}" : "";

    [Fact]
    public async Task Each_relationship_at_every_edge_and_moment_is_the_state_the_definitions_give()
    {
        var asked = 0;
        var seen = new HashSet<string>(); // each kind's item in each status and certainty the answers held, and the tenth engagement and statement
        foreach (var (knownAt, relationships, days) in recorded.Points)
        foreach (var relationship in relationships)
        foreach (var day in days)
        {
            var parties = relationship.Split('~');
            var answer = await recorded.Ledger.Send(new GetRelationshipState(parties[0], parties[1], Day(day), knownAt));
            var expected = recorded.Oracle.State(relationship, day, knownAt);
            Same(expected, AnswerLines.State(ContractJson.Of(answer)), $"state {relationship} --as-of {Day(day)}{Known(knownAt)}");
            seen.UnionWith(expected.Select(Shape));
            asked++;
        }
        output.WriteLine($"{asked} states asked; seen: {string.Join(", ", seen.Order(StringComparer.Ordinal))}");
        foreach (var (kind, _) in DefinitionsOracle.TenureKinds)
        foreach (var shape in new[] { "in-force certain", "in-force possible", "ended certain", "ended possible" }.Where(s => kind != "pledge" || s.StartsWith("in-force", StringComparison.Ordinal)))
            Assert.Contains($"{kind} {shape}", seen);
        Assert.Contains("engagement 10 possible", seen);
        Assert.Contains("statement 10 certain", seen);
    }

    [Fact]
    public async Task Designations_and_missions_across_relationships_are_those_the_definitions_give()
    {
        var (asked, walkedBack, possiblyEnded) = (0, 0, 0);
        foreach (var (knownAt, relationships, days) in recorded.Points)
        foreach (var day in days)
        foreach (var party in relationships.SelectMany(r => r.Split('~')).Distinct())
        {
            var by = await recorded.Ledger.Send(new GetDesignationsBy(party, Day(day), knownAt));
            Same(recorded.Oracle.DesignationsBy(party, day, knownAt), AnswerLines.Designations(ContractJson.Of(by)), $"designations-by {party} --as-of {Day(day)}{Known(knownAt)}");
            var of = await recorded.Ledger.Send(new GetDesignationsOf(party, Day(day), knownAt));
            Same(recorded.Oracle.DesignationsOf(party, day, knownAt), AnswerLines.Designations(ContractJson.Of(of)), $"designations-of {party} --as-of {Day(day)}{Known(knownAt)}");
            foreach (var level in new[] { "embassy", "consulate" })
            {
                var expected = recorded.Oracle.MissionsAtLeast(party, level, day, knownAt);
                var missions = await recorded.Ledger.Send(new GetMissionsAtLeast(party, level, Day(day), knownAt));
                Same(expected, AnswerLines.Missions(ContractJson.Of(missions)), $"missions-of {party} --at-least {level} --as-of {Day(day)}{Known(knownAt)}");
                walkedBack += expected.Count(l => l.Contains("possibly changed to", StringComparison.Ordinal));
                possiblyEnded += expected.Count(l => l.Contains(" ended possible", StringComparison.Ordinal));
            }
            asked += 4;
        }
        output.WriteLine($"{asked} questions, {walkedBack} missions possibly lowered, {possiblyEnded} possibly ended");
        Assert.True(walkedBack > 20 && possiblyEnded > 20, "the histories should reach both edges");
    }

    /// <summary>
    /// The panel (docs/panel.md), every cell with its certainty: a one-day panel of GB~NO (<c>--party NO</c>) on each of its
    /// edge days as known now and at each mend's moment and a tick either side; and monthly, quarterly and yearly panels
    /// (<c>--on 06-30</c>) of every relationship, whose periods' first days cut the partial dates of engagements and statements.
    /// </summary>
    [Fact]
    public async Task Panel_cells_are_those_the_definitions_give()
    {
        var (rows, possible, counted) = (0, 0, 0);
        void Tally(IReadOnlyList<string> cells) =>
            (possible, counted) = (possible + cells.Count(c => c.EndsWith(" possible", StringComparison.Ordinal)), counted + cells.Count(c => System.Text.RegularExpressions.Regex.IsMatch(c, @"(engagements|statements_by_.)=[1-9]")));
        foreach (var (knownAt, relationships, days) in recorded.Points.Where(p => p.Relationships.Contains("GB~NO")))
        foreach (var day in days)
        {
            var known = knownAt is { } t ? new[] { "--known-at", t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) } : [];
            var panel = await LedgerCli.RunAsync(["panel", "--from", Day(day), "--to", Day(day), "--every", "day", "--party", "NO", "--format", "ndjson", "--store", recorded.Ledger.Path, .. known]);
            Assert.True(panel.ExitCode == 0, panel.Error);
            var cells = DefinitionsOracle.Sorted(recorded.Oracle.PanelRow("GB~NO", day, day, knownAt));
            Same(cells, AnswerLines.Panel(panel.Out), $"panel --from {Day(day)} --to {Day(day)} --every day --party NO{Known(knownAt)}");
            Tally(cells);
            rows++;
        }
        foreach (var (from, to, every, on) in new[] { ("1949-11", "1956-02", "month", null), ("1904", "1916", "quarter", null), ("1900", "2025", "year", "06-30"), ("0001", "0001", "year", null) })
        {
            var panel = await LedgerCli.RunAsync(["panel", "--from", from, "--to", to, "--every", every, .. on is null ? Array.Empty<string>() : ["--on", on], "--format", "ndjson", "--store", recorded.Ledger.Path]);
            Assert.True(panel.ExitCode == 0, panel.Error);
            var expected = recorded.Oracle.Relationships.SelectMany(r => PanelDates(DayRange.Parse(from).First, DayRange.Parse(to).Last, every, on)
                .SelectMany(d => recorded.Oracle.PanelRow(r, d.Date, d.PeriodStart)));
            var cells = DefinitionsOracle.Sorted(expected);
            Same(cells, AnswerLines.Panel(panel.Out), $"panel --from {from} --to {to} --every {every}{(on is null ? "" : $" --on {on}")}");
            Tally(cells);
            rows += panel.Out.Count(c => c == '\n');
        }
        output.WriteLine($"{rows} panel rows compared, {possible} cells possible, {counted} counts of engagements or statements above 0");
        Assert.True(possible > 100 && counted > 20, "the panels should reach possible cells and periods holding engagements and statements");
    }

    /// <summary>A panel's dates and the first day of each one's period, as docs/panel.md defines them: each period's last day; a year's, its <c>--on</c> day, its period the year up to it.</summary>
    private static IEnumerable<(DateOnly Date, DateOnly PeriodStart)> PanelDates(DateOnly first, DateOnly last, string every, string? on)
    {
        for (var start = new DateOnly(first.Year, every == "year" ? 1 : every == "quarter" ? (first.Month - 1) / 3 * 3 + 1 : first.Month, 1); start <= last;)
        {
            var next = every switch { "year" => start.AddYears(1), "quarter" => start.AddMonths(3), _ => start.AddMonths(1) };
            if (every == "year")
            {
                var date = on is null ? new DateOnly(start.Year, 12, 31) : DateOnly.ParseExact($"{start.Year:0000}-{on}", "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var previous = date.Year == 1 ? DateOnly.MinValue : date.AddYears(-1).AddDays(1);
                if (date >= first && date <= last) yield return (date, previous);
            }
            else
            {
                var date = next.AddDays(-1);
                if (date >= first && date <= last) yield return (date, start);
            }
            if (start.Year == 9999 && every == "year") yield break;
            start = next;
        }
    }

    [Fact]
    public async Task Changed_over_windows_whose_ends_are_the_edges_is_what_the_definitions_give()
    {
        var asked = 0;
        foreach (var (knownAt, _, days) in recorded.Points)
        foreach (var from in days.Where(d => d.Year is > 1 and < 9999))
        foreach (var to in new[] { from, from.AddDays(1), from.AddDays(30), new DateOnly(from.Year, 12, 31) }.Where(t => t >= from).Distinct())
        {
            var answer = await recorded.Ledger.Send(new GetChangedRelationships(Day(from), Day(to), knownAt));
            Same(recorded.Oracle.Changed(from, to, knownAt), AnswerLines.Changed(ContractJson.Of(answer)), $"changed --from {Day(from)} --to {Day(to)}{Known(knownAt)}");
            asked++;
        }
        output.WriteLine($"{asked} windows asked");
    }
}
