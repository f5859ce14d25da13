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

namespace RelationsLedger.Projections.Tests;

/// <summary>The reference answers: a straight fold of the streams (<see cref="Timeline.StateAsOf"/>), compared with the read model's.</summary>
public sealed class Oracle(IMediator readModel, RelationshipRepository repository)
{
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Oracle Of(TestLedger ledger) => new(ledger.Mediator, ledger.Repository);

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
        var states = new List<RelationshipState>();
        var timelines = new List<(RelationshipKey Key, IReadOnlyList<Fact> Timeline)>();
        foreach (var key in keys.OrderBy(k => k.ToString(), StringComparer.Ordinal))
        {
            var facts = (await repository.LoadAsync(key)).Facts;
            states.Add(Timeline.StateAsOf(key, facts, asOf, knownAt));
            timelines.Add((key, Timeline.Resolve(facts, knownAt)));
        }
        var context = $"{party} as of {Day(asOf)} known at {knownAt:O}";

        var by = ContractJson.Of(states.SelectMany(s => AcrossRelationships.DesignationsBy(s, party, asOf)).ToList());
        var actualBy = ContractJson.Of((await readModel.Send(new GetDesignationsBy(party, Day(asOf), knownAt))).Items);
        Assert.True(by == actualBy, $"designations by {context}:\nfold:       {by}\nread model: {actualBy}");
        var of = ContractJson.Of(states.SelectMany(s => AcrossRelationships.DesignationsOf(s, party, asOf)).ToList());
        var actualOf = ContractJson.Of((await readModel.Send(new GetDesignationsOf(party, Day(asOf), knownAt))).Items);
        Assert.True(of == actualOf, $"designations of {context}:\nfold:       {of}\nread model: {actualOf}");
        var missions = states.SelectMany(s => AcrossRelationships.MissionsAtLeast(s, party, level, asOf)).ToList();
        var actualMissions = (await readModel.Send(new GetMissionsAtLeast(party, Names.Of(level), Day(asOf), knownAt))).Items;
        Assert.True(ContractJson.Of(missions) == ContractJson.Of(actualMissions), $"missions of at least {Names.Of(level)} {context}:\nfold:       {ContractJson.Of(missions)}\nread model: {ContractJson.Of(actualMissions)}");

        var to = asOf.AddDays(changedSpan);
        var changed = timelines
            .Select(t => new RelationshipChanges(t.Key.ToString(), AcrossRelationships.ChangesBetween(t.Timeline, asOf, to).ToList()))
            .Where(c => c.Changes.Count > 0).ToList();
        var actualChanged = (await readModel.Send(new GetChangedRelationships(Day(asOf), Day(to), knownAt))).Relationships;
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
        foreach (var other in RandomHistory.Parties.Where(p => p != party))
        {
            var key = RelationshipKey.Of(party, other);
            var history = await repository.LoadAsync(key);
            if (history.Facts.Count == 0) continue;
            var forms = Timeline.Of(history.Facts).Forms;
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
        var actual = await answer.Rows.ToListAsync();
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var (e, a) = (i < expected.Count ? ContractJson.Of(expected[i]) : "(none)", i < actual.Count ? ContractJson.Of(actual[i]) : "(none)");
            Assert.True(e == a, $"panel {ContractJson.Of(query)}, row {i} ({string.Join(", ", plan.Columns.Select(c => c.Name))}):\nfold:       {e}\nread model: {a}");
        }
    }

    private async Task<List<RelationshipKey>> RelationshipsAsync(string? party)
    {
        var keys = new List<RelationshipKey>();
        foreach (var a in RandomHistory.Parties)
            foreach (var b in RandomHistory.Parties.Where(b => string.CompareOrdinal(a, b) < 0))
                if ((party is null || party == a || party == b) && (await repository.LoadAsync(RelationshipKey.Of(a, b))).Facts.Count > 0)
                    keys.Add(RelationshipKey.Of(a, b));
        return [.. keys.OrderBy(k => k.ToString(), StringComparer.Ordinal)];
    }
}
