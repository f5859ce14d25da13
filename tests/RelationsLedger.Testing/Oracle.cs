using System.Globalization;
using MediatR;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.Parties;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Testing;

/// <summary>
/// The reference answers: a straight fold of the streams (<see cref="Timeline.StateAsOf"/>), compared with the read model's.
/// Questions across relationships are asked of the relationships given (or among <paramref name="parties"/>): on a store
/// shared with other tests (a KurrentDB server) the read model's answers about other relationships are left out of the comparison.
/// </summary>
public sealed class Oracle(IMediator readModel, RelationshipRepository repository, IReadOnlyList<string>? parties = null)
{
    private readonly IReadOnlyList<string> _parties = parties ?? RandomHistory.DefaultParties;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Oracle Of(TestLedger ledger, IReadOnlyList<string>? parties = null) => new(ledger.Mediator, ledger.Repository, parties);

    private bool InScope(string relationship) =>
        _parties.Any(a => _parties.Any(b => a != b && RelationshipKey.Of(a, b).ToString() == relationship));

    public async Task AssertSameStateAsync(RelationshipKey key, DateOnly asOf, DateTimeOffset? knownAt)
    {
        var history = await repository.LoadAsync(key);
        var expected = RelationshipStateView.Of(Timeline.StateAsOf(key, history.Facts, asOf, knownAt), asOf, knownAt);
        var actual = await readModel.Send(new GetRelationshipState(key.First.Value, key.Second.Value, Day(asOf), knownAt));
        Assert.True(ContractJson.Of(expected) == ContractJson.Of(actual with { ReadModel = null }),
            $"{key} as of {Day(asOf)} known at {knownAt:O}:\nfold:       {ContractJson.Of(expected)}\nread model: {ContractJson.Of(actual with { ReadModel = null })}");
    }

    public async Task AssertSameAcrossAsync(IReadOnlyList<RelationshipKey> keys, string party, MissionLevel level, DateOnly asOf, DateTimeOffset? knownAt, int changedSpan = 400)
    {
        var states = new List<(RelationshipState State, Func<Mission, Mission?> VersionBefore)>();
        var timelines = new List<(RelationshipKey Key, IReadOnlyList<Fact> Timeline)>();
        foreach (var key in keys.OrderBy(k => k.ToString(), StringComparer.Ordinal))
        {
            var facts = (await repository.LoadAsync(key)).Facts;
            states.Add((Timeline.StateAsOf(key, facts, asOf, knownAt), MissionVersions.InTimeline(key, Timeline.Resolve(facts, knownAt))));
            timelines.Add((key, Timeline.Resolve(facts, knownAt)));
        }
        var context = $"{party} as of {Day(asOf)} known at {knownAt:O}";

        var by = ContractJson.Of(states.SelectMany(s => AcrossRelationships.DesignationsBy(s.State, party, asOf)).ToList());
        var actualBy = ContractJson.Of((await readModel.Send(new GetDesignationsBy(party, Day(asOf), knownAt))).Items);
        Assert.True(by == actualBy, $"designations by {context}:\nfold:       {by}\nread model: {actualBy}");
        var of = ContractJson.Of(states.SelectMany(s => AcrossRelationships.DesignationsOf(s.State, party, asOf)).ToList());
        var actualOf = ContractJson.Of((await readModel.Send(new GetDesignationsOf(party, Day(asOf), knownAt))).Items);
        Assert.True(of == actualOf, $"designations of {context}:\nfold:       {of}\nread model: {actualOf}");
        var missions = states.SelectMany(s => AcrossRelationships.MissionsAtLeast(s.State, party, level, asOf, s.VersionBefore)).ToList();
        var actualMissions = (await readModel.Send(new GetMissionsAtLeast(party, Names.Of(level), Day(asOf), knownAt))).Items;
        Assert.True(ContractJson.Of(missions) == ContractJson.Of(actualMissions), $"missions of at least {Names.Of(level)} {context}:\nfold:       {ContractJson.Of(missions)}\nread model: {ContractJson.Of(actualMissions)}");
        // The answer across relationships and the state of each relationship agree: a mission listed (as it stands, or as it
        // was before a change that may be ahead) is as certain as the state says the party's mission is.
        foreach (var listed in missions)
        {
            var mission = states.Single(s => s.State.Key.ToString() == listed.Relationship).State.Missions.Single(m => m.Actor == party);
            Assert.True(listed.Certainty == mission.CertaintyAsOf(asOf),
                $"missions of at least {Names.Of(level)} {context}: {listed.Relationship} listed {listed.Certainty}, its state says {mission.CertaintyAsOf(asOf)}");
        }

        var to = asOf.AddDays(changedSpan);
        var changed = timelines
            .Select(t => new RelationshipChanges(t.Key.ToString(), AcrossRelationships.ChangesBetween(t.Timeline, asOf, to).ToList()))
            .Where(c => c.Changes.Count > 0).ToList();
        var actualChanged = (await readModel.Send(new GetChangedRelationships(Day(asOf), Day(to), knownAt))).Relationships.Where(c => keys.Any(k => k.ToString() == c.Relationship)).ToList();
        Assert.True(ContractJson.Of(changed) == ContractJson.Of(actualChanged), $"changed between {Day(asOf)} and {Day(to)} known at {knownAt:O}:\nfold:       {ContractJson.Of(changed)}\nread model: {ContractJson.Of(actualChanged)}");
    }

    /// <summary>
    /// A party's relationships (the party page): every relationship of the party with events, in key order, with the other
    /// party, how many events its stream holds, when the last was recorded, and the first day any of its facts as they stand
    /// now (mends applied, retracted facts gone) may have taken effect.
    /// </summary>
    public async Task AssertSamePartyRelationshipsAsync(string party)
    {
        var expected = new List<PartyRelationship>();
        foreach (var other in _parties.Where(p => p != party))
        {
            var key = RelationshipKey.Of(party, other);
            var history = await repository.LoadAsync(key);
            if (history.Facts.Count == 0) continue;
            var forms = Timeline.Of(history.Facts).Forms.ToList();
            var since = forms.Count == 0 ? null : Day(forms.Min(f => f.EffectiveDate.Start));
            expected.Add(new(key.ToString(), other, history.Facts.Count, history.Facts[^1].RecordedAt, since));
        }
        expected = [.. expected.OrderBy(r => r.Relationship, StringComparer.Ordinal)];
        var actual = (await readModel.Send(new GetPartyRelationships(party))).Relationships;
        Assert.True(ContractJson.Of(expected) == ContractJson.Of(actual),
            $"relationships of {party}:\nfold:       {ContractJson.Of(expected)}\nread model: {ContractJson.Of(actual)}");
    }

    /// <summary>
    /// A dyad-period panel (docs/panel.md): its rows made by the panel's own cell rules (<see cref="PanelRows"/>, shared as the
    /// questions across relationships share <see cref="AcrossRelationships"/>) from the fold — for each date, the items of
    /// the state as of it (as known at T), valid on that day only; every engagement and statement of the resolved timeline as
    /// a moment — compared with the rows the read model's item versions make.
    /// </summary>
    public async Task AssertSamePanelAsync(GetPanel query)
    {
        var plan = PanelPlan.Of(query);
        var expected = new List<PanelRow>();
        foreach (var key in await RelationshipsAsync(query.Party))
        {
            var facts = (await repository.LoadAsync(key)).Facts;
            var items = new List<PanelItem>();
            for (var d = 0; d < plan.Dates.Count; d++)
            {
                var day = plan.Dates[d];
                foreach (var (kind, ordinal, item) in Timeline.StateAsOf(key, facts, day, query.KnownAt).Items())
                    if (kind.Shape != KindShape.Latest)
                        items.Add(new PanelItem(kind, ((long)d << 32) | (uint)ordinal, day.DayNumber, day.DayNumber + 1, kind.IndexOf(item).Actor, item));
            }
            var moment = 0L;
            foreach (var fact in Timeline.Resolve(facts, query.KnownAt))
                foreach (var (kind, _, item) in Fold.Evolve(RelationshipState.Initial(key), fact).Items())
                    if (kind.Shape == KindShape.Latest)
                    {
                        var date = kind.StatusOf(item).Date;
                        items.Add(new PanelItem(kind, moment++, date.Start.DayNumber, int.MaxValue, kind.IndexOf(item).Actor, item, date.Start.DayNumber, date.End.DayNumber));
                    }
            expected.AddRange(PanelRows.Of(key, plan, items));
        }
        var answer = await readModel.Send(query);
        var actual = await answer.Rows.Where(r => InScope(r.Relationship)).ToListAsync();
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var (e, a) = (i < expected.Count ? ContractJson.Of(expected[i]) : "(none)", i < actual.Count ? ContractJson.Of(actual[i]) : "(none)");
            Assert.True(e == a, $"panel {ContractJson.Of(query)}, row {i} ({string.Join(", ", plan.Columns.Select(c => c.Name))}):\nfold:       {e}\nread model: {a}");
        }
    }

    /// <summary>A panel over the histories' years, of every period, sometimes on another day of the year, of one party, as known at a moment.</summary>
    public static GetPanel RandomPanel(Random rng, IReadOnlyList<string> parties, DateTimeOffset? knownAt)
    {
        var year = 1999 + rng.Next(8);
        var every = new[] { "year", "quarter", "month", "day" }[rng.Next(4)];
        var (from, to) = every switch
        {
            "day" => ($"{year}-{1 + rng.Next(12):00}", null as string),
            "month" => ($"{year}", $"{year + rng.Next(2)}"),
            _ => ($"{year}", $"{year + rng.Next(5)}"),
        };
        var on = every == "year" && rng.Next(2) == 0 ? $"{1 + rng.Next(12):00}-{1 + rng.Next(28):00}" : null;
        var party = rng.Next(3) == 0 ? parties[rng.Next(parties.Count)] : null;
        return new GetPanel(from, to ?? from, every, on, null, party, knownAt);
    }

    private async Task<List<RelationshipKey>> RelationshipsAsync(string? party)
    {
        var keys = new List<RelationshipKey>();
        foreach (var a in _parties)
            foreach (var b in _parties.Where(b => string.CompareOrdinal(a, b) < 0))
                if ((party is null || party == a || party == b) && (await repository.LoadAsync(RelationshipKey.Of(a, b))).Facts.Count > 0)
                    keys.Add(RelationshipKey.Of(a, b));
        return [.. keys.OrderBy(k => k.ToString(), StringComparer.Ordinal)];
    }
}
