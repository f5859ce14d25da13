using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Import.UsMissions;
using RelationsLedger.Testing.Definitions;
using Xunit.Abstractions;

namespace RelationsLedger.Projections.Tests.Definitions;

/// <summary>
/// The real US missions data (/work/shared/data/us-missions, imported once for the class) asked about as a hostile analyst
/// would — every relationship at every day where one of its facts becomes possible or certain, and the days either side —
/// and every answer held to <see cref="DefinitionsOracle"/>, which reads only the store's export.
/// </summary>
public sealed class UsMissionsAgainstDefinitionsTests(UsMissionsAgainstDefinitionsTests.Imported imported, ITestOutputHelper output)
    : IClassFixture<UsMissionsAgainstDefinitionsTests.Imported>
{
    public sealed class Imported : IAsyncLifetime
    {
        public TestLedger Ledger { get; private set; } = null!;
        public DefinitionsOracle Oracle { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
            var folder = SharedData.Folder("us-missions");
            using var reader = new StreamReader(Path.Combine(folder, "transitions.csv"));
            var transitions = UsMissionsImport.Read(reader, "transitions.csv");
            var run = await UsMissionsImport.RunAsync(Ledger.Mediator, Ledger.Services.GetRequiredService<CommandValidators>(), transitions, "transitions.csv", null, default);
            Assert.Empty(run.Refused);
            var export = await LedgerCli.RunAsync("export", "--store", Ledger.Path);
            Assert.True(export.ExitCode == 0, export.Error);
            Oracle = new(LoggedEvent.FromExport(export.Out));
        }

        public async Task DisposeAsync() => await Ledger.DisposeAsync();
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IEnumerable<DateOnly> AroundEdges(IEnumerable<DateOnly> edges) =>
        edges.SelectMany(d => new[] { d.AddDays(-1), d, d.AddDays(1) }).Distinct().Order();

    private static void Same(IReadOnlyList<string> oracle, IReadOnlyList<string> product, string question) =>
        Assert.True(oracle.SequenceEqual(product), $"{question}\noracle:\n  {string.Join("\n  ", oracle)}\nproduct:\n  {string.Join("\n  ", product)}");

    /// <summary>
    /// The yearly panel of the US's relationships on 30 June of 1800–1920 (22 of the data's 29 partial dates lie in those
    /// years: a year's date is only possibly passed on its 30 June), every cell with its certainty: the oracle's cells.
    /// </summary>
    [Fact]
    public async Task The_panel_of_the_us_relationships_is_the_one_the_definitions_give()
    {
        var panel = await LedgerCli.RunAsync("panel", "--from", "1800", "--to", "1920", "--on", "06-30", "--party", "US", "--format", "ndjson", "--store", imported.Ledger.Path);
        Assert.True(panel.ExitCode == 0, panel.Error);
        var dates = Enumerable.Range(1800, 121).Select(year => (Date: new DateOnly(year, 6, 30), Start: new DateOnly(year - 1, 7, 1)));
        var expected = DefinitionsOracle.Sorted(imported.Oracle.Relationships.Where(r => r.Split('~').Contains("US"))
            .SelectMany(r => dates.SelectMany(d => imported.Oracle.PanelRow(r, d.Date, d.Start))));
        Same(expected, AnswerLines.Panel(panel.Out), "panel --from 1800 --to 1920 --on 06-30 --party US");
        var possible = expected.Count(c => c.EndsWith(" possible", StringComparison.Ordinal));
        output.WriteLine($"{panel.Out.Count(c => c == '\n')} panel rows, {possible} cells possible");
        Assert.True(possible > 10, "the panel should meet dates inside partial dates");
    }

    [Fact]
    public async Task Every_relationship_at_every_edge_is_the_state_the_definitions_give()
    {
        var (asked, possible) = (0, 0);
        foreach (var relationship in imported.Oracle.Relationships)
        {
            var parties = relationship.Split('~');
            foreach (var day in AroundEdges(imported.Oracle.Edges(relationship)))
            {
                var expected = imported.Oracle.State(relationship, day);
                var answer = await imported.Ledger.Send(new GetRelationshipState(parties[0], parties[1], Day(day)));
                Same(expected, AnswerLines.State(ContractJson.Of(answer)), $"state {relationship} as of {Day(day)}");
                asked++;
                possible += expected.Count(l => l.EndsWith(" possible", StringComparison.Ordinal) || l.Contains(" possible ", StringComparison.Ordinal));
            }
        }
        output.WriteLine($"{asked} states asked, {possible} of their items only possibly so");
        Assert.True(asked > 1500 && possible > 50, $"{asked} states, {possible} possible items: the data should give more");
    }

    /// <summary>
    /// <c>missions-of US --at-least interests-section</c> (every mission, with its status and certainty) at every edge of
    /// every relationship and the days either side; the greater levels only on the days inside a partial date's window, the
    /// only days where a mission below the level may be walked back to an earlier version (elsewhere the answer at a level
    /// is the whole list's missions at or above it) — so the class costs a few seconds, not half a minute.
    /// </summary>
    [Fact]
    public async Task Missions_of_the_US_at_every_edge_are_those_the_definitions_give()
    {
        var oracle = imported.Oracle;
        var days = AroundEdges(oracle.Relationships.SelectMany(oracle.Edges)).ToList();
        var windows = oracle.Relationships.SelectMany(r => oracle.Record(r, null)).Where(f => f.Effective.First < f.Effective.Last).Select(f => f.Effective).Distinct().ToList();
        var (asked, listed, walkedBack) = (0, 0, 0);
        foreach (var day in days)
        foreach (var atLeast in windows.Any(w => w.First <= day && day < w.Last) ? DefinitionsOracle.Levels : ["interests-section"])
        {
            var expected = oracle.MissionsAtLeast("US", atLeast, day);
            var answer = await imported.Ledger.Send(new GetMissionsAtLeast("US", atLeast, Day(day)));
            Same(expected, AnswerLines.Missions(ContractJson.Of(answer)), $"missions-of US --at-least {atLeast} --as-of {Day(day)}");
            (asked, listed, walkedBack) = (asked + 1, listed + expected.Count, walkedBack + expected.Count(l => l.Contains("possibly changed to", StringComparison.Ordinal)));
        }
        output.WriteLine($"{days.Count} days, {asked} questions, {listed} missions listed, {walkedBack} of them possibly lowered since");
        Assert.True(days.Count > 1500 && listed > 100_000, $"only {listed} missions listed over {days.Count} days");
    }
}
