using System.Globalization;
using MediatR;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
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

    public async Task AssertSameStateAsync(RelationshipKey key, DateOnly asOf, DateTimeOffset? knownAt)
    {
        var history = await repository.LoadAsync(key);
        var expected = RelationshipStateView.Of(Timeline.StateAsOf(key, history.Facts, asOf, knownAt), asOf, knownAt);
        var actual = await readModel.Send(new GetRelationshipState(key.First.Value, key.Second.Value, Day(asOf), knownAt));
        Assert.True(ContractJson.Of(expected) == ContractJson.Of(actual with { ReadModel = null }),
            $"{key} as of {Day(asOf)} known at {knownAt:O}:\nfold:       {ContractJson.Of(expected)}\nread model: {ContractJson.Of(actual with { ReadModel = null })}");
    }

    public async Task AssertSameAcrossAsync(IReadOnlyList<RelationshipKey> keys, string party, MissionLevel level, DateOnly asOf, DateTimeOffset? knownAt)
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

        var by = states.SelectMany(s => AcrossRelationships.DesignationsBy(s, party, asOf)).ToList();
        Assert.Equal(ContractJson.Of(by), ContractJson.Of((await readModel.Send(new GetDesignationsBy(party, Day(asOf), knownAt))).Items));
        var of = states.SelectMany(s => AcrossRelationships.DesignationsOf(s, party, asOf)).ToList();
        Assert.Equal(ContractJson.Of(of), ContractJson.Of((await readModel.Send(new GetDesignationsOf(party, Day(asOf), knownAt))).Items));
        var missions = states.SelectMany(s => AcrossRelationships.MissionsAtLeast(s, party, level, asOf)).ToList();
        var actualMissions = (await readModel.Send(new GetMissionsAtLeast(party, Names.Of(level), Day(asOf), knownAt))).Items;
        Assert.True(ContractJson.Of(missions) == ContractJson.Of(actualMissions), $"missions {context}: {ContractJson.Of(missions)} vs {ContractJson.Of(actualMissions)}");

        var to = asOf.AddDays(400);
        var changed = timelines
            .Select(t => new RelationshipChanges(t.Key.ToString(), AcrossRelationships.ChangesBetween(t.Timeline, asOf, to).ToList()))
            .Where(c => c.Changes.Count > 0).ToList();
        var actualChanged = (await readModel.Send(new GetChangedRelationships(Day(asOf), Day(to), knownAt))).Relationships;
        Assert.True(ContractJson.Of(changed) == ContractJson.Of(actualChanged), $"changed {context}: {ContractJson.Of(changed)} vs {ContractJson.Of(actualChanged)}");
    }
}
