using System.Globalization;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Testing.Definitions;

namespace RelationsLedger.Projections.Tests.Definitions;

/// <summary>
/// Seeded random histories of what a user can record (<see cref="RandomHistory.Commands"/>: every command, follow-ups,
/// corrections of dates and fields, retractions also of corrections, batches, tied recorded times), asked about on their
/// interesting days as known now and at recorded moments (and a tick before): the state (every kind), designations and missions across
/// relationships, <c>changed</c> and a one-day panel — each held to <see cref="DefinitionsOracle"/>, which reads only the export.
/// </summary>
public sealed class RandomHistoriesAgainstDefinitionsProperty(Xunit.Abstractions.ITestOutputHelper output)
{
    public static IEnumerable<object[]> Seeds => Enumerable.Range(1, 8).Select(i => new object[] { 5700 + i });

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Same(IReadOnlyList<string> oracle, IReadOnlyList<string> product, string question) =>
        Assert.True(oracle.SequenceEqual(product), $"{question}\noracle:\n  {string.Join("\n  ", oracle)}\nproduct:\n  {string.Join("\n  ", product)}");

    /// <summary>The seed's history: the steps the property records before it asks.</summary>
    private static async Task<RandomHistory> RecordAsync(Random rng, TestLedger ledger)
    {
        var history = RandomHistory.Commands(rng, ledger);
        for (var i = 0; i < Steps; i++) await history.AppendOneAsync();
        return history;
    }

    private const int Steps = 60;

    /// <summary>
    /// The net is as wide as what it records: every type of the catalogue (read from it, so a new type must be reached too) and
    /// every kind of mend, in the histories of the property's seeds. Round 58's random histories never recorded a launch, a
    /// cancellation or an expulsion (docs/performance.md, round 59): two of its planted faults were caught by the edge histories only.
    /// </summary>
    [Fact]
    public async Task The_seeds_histories_record_every_catalogued_event_type_and_every_kind_of_mend()
    {
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        var mends = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var seed in Seeds.Select(s => (int)s[0]))
        {
            await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
            await RecordAsync(new Random(seed), ledger);
            var events = await ledger.AllEvents();
            foreach (var e in events) types[e.Type] = types.GetValueOrDefault(e.Type) + 1;
            foreach (var kind in MendKinds(events)) mends[kind] = mends.GetValueOrDefault(kind) + 1;
        }
        output.WriteLine(string.Join(", ", types.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value}")));
        output.WriteLine(string.Join(", ", mends.Select(m => $"{m.Key} {m.Value}")));
        var unrecorded = EventCatalogue.All.Select(e => e.Name).Where(n => !types.ContainsKey(n)).ToList();
        Assert.True(unrecorded.Count == 0, $"seeds {Seeds.First()[0]}–{Seeds.Last()[0]} never record {string.Join(", ", unrecorded)}");
        var unmended = MendKindNames.Where(k => !mends.ContainsKey(k)).ToList();
        Assert.True(unmended.Count == 0, $"seeds {Seeds.First()[0]}–{Seeds.Last()[0]} never record {string.Join(", ", unmended)}");
    }

    private static readonly string[] MendKindNames =
        ["a date corrected", "fields corrected", "a date and fields corrected", "a second correction of one event", "a fact retracted", "a correction retracted"];

    private static IEnumerable<string> MendKinds(IReadOnlyList<Application.Storage.RecordedEvent> events)
    {
        var types = events.ToDictionary(e => e.EventId, e => e.Type);
        var corrected = new HashSet<Guid>();
        foreach (var e in events)
            switch (EventJson.DeserializeData(e.Type, 1, e.Data.Span))
            {
                case EntryCorrected c:
                    yield return (c.EffectiveDate, c.Replacement) switch { (null, _) => "fields corrected", (_, null) => "a date corrected", _ => "a date and fields corrected" };
                    if (!corrected.Add(c.Target)) yield return "a second correction of one event";
                    break;
                case EntryRetracted r:
                    yield return types.GetValueOrDefault(r.Target) == "EntryCorrected" ? "a correction retracted" : "a fact retracted";
                    break;
            }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Answers_on_random_histories_are_those_the_definitions_give(int seed)
    {
        var rng = new Random(seed);
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        var history = await RecordAsync(rng, ledger);
        Assert.True(history.Events >= 20, $"seed {seed}: only {history.Events} events recorded");
        var answered = 0;
        var export = await LedgerCli.RunAsync("export", "--store", ledger.Path);
        Assert.True(export.ExitCode == 0, export.Error);
        var log = LoggedEvent.FromExport(export.Out);
        var oracle = new DefinitionsOracle(log);
        var moments = log.SelectMany(e => new DateTimeOffset?[] { e.RecordedAt, e.RecordedAt.AddTicks(-1) }).Prepend(null).Distinct().ToList();
        var days = history.InterestingDays;
        var context = $"seed {seed}:\n{string.Join("\n", history.Log)}\n";

        for (var i = 0; i < 60; i++)
        {
            var day = days[rng.Next(days.Count)];
            var knownAt = i % 3 == 0 ? null : moments[rng.Next(moments.Count)];
            var known = knownAt is { } t ? $" --known-at {t:O}" : "";
            foreach (var relationship in oracle.Relationships)
            {
                var parties = relationship.Split('~');
                var state = await ledger.Send(new GetRelationshipState(parties[0], parties[1], Day(day), knownAt));
                var expected = oracle.State(relationship, day, knownAt);
                Same(expected, AnswerLines.State(ContractJson.Of(state)), $"{context}state {relationship} --as-of {Day(day)}{known}");
                answered += expected.Count;
            }
            var party = history.Parties[rng.Next(history.Parties.Length)];
            var by = await ledger.Send(new GetDesignationsBy(party, Day(day), knownAt));
            Same(oracle.DesignationsBy(party, day, knownAt), AnswerLines.Designations(ContractJson.Of(by)), $"{context}designations-by {party} --as-of {Day(day)}{known}");
            var of = await ledger.Send(new GetDesignationsOf(party, Day(day), knownAt));
            Same(oracle.DesignationsOf(party, day, knownAt), AnswerLines.Designations(ContractJson.Of(of)), $"{context}designations-of {party} --as-of {Day(day)}{known}");
            var level = DefinitionsOracle.Levels[rng.Next(DefinitionsOracle.Levels.Length)];
            var missions = await ledger.Send(new GetMissionsAtLeast(party, level, Day(day), knownAt));
            var listed = oracle.MissionsAtLeast(party, level, day, knownAt);
            Same(listed, AnswerLines.Missions(ContractJson.Of(missions)), $"{context}missions-of {party} --at-least {level} --as-of {Day(day)}{known}");
            answered += listed.Count;
            if (i % 4 == 0) // a one-day panel of every relationship (docs/panel.md): a real CLI run each, so one question in four
            {
                var panel = await LedgerCli.RunAsync(["panel", "--from", Day(day), "--to", Day(day), "--every", "day", "--format", "ndjson", "--store", ledger.Path,
                    .. knownAt is { } m ? new[] { "--known-at", m.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) } : []]);
                Assert.True(panel.ExitCode == 0, panel.Error);
                Same(DefinitionsOracle.Sorted(oracle.Relationships.SelectMany(r => oracle.PanelRow(r, day, day, knownAt))), AnswerLines.Panel(panel.Out),
                    $"{context}panel --from {Day(day)} --to {Day(day)} --every day{known}");
            }
            var to = day.AddDays(rng.Next(400));
            var changed = await ledger.Send(new GetChangedRelationships(Day(day), Day(to), knownAt));
            Same(oracle.Changed(day, to, knownAt), AnswerLines.Changed(ContractJson.Of(changed)), $"{context}changed --from {Day(day)} --to {Day(to)}{known}");
        }
        output.WriteLine($"seed {seed}: {history.Events} events, {log.Count(e => e.IsMend)} mends, {answered} state items and missions answered; "
            + string.Join(", ", log.GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True(answered > 0, $"seed {seed}: every answer was empty");
    }
}
