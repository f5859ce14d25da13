using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// Every entry of the event catalogue, walked through each place that must know it: its transition (fold and
/// rules), its command (made from the event and making it again), the random-history generator, and a walk of
/// random commands through the whole pipeline on a real store in which each type is accepted, changes the
/// state (the audit diff says so), is refused by its rule when it has one, and is answered by the read model
/// exactly as the fold answers. A new event that one of these places does not handle fails here, by name.
/// </summary>
public sealed class CatalogueWalkTests(CatalogueWalkTests.Walk walk) : IClassFixture<CatalogueWalkTests.Walk>
{
    public static TheoryData<string> EventTypes() => [.. EventCatalogue.All.Select(e => e.Name)];

    private static Type TypeNamed(string name) => EventCatalogue.All.Single(e => e.Name == name).ClrType;

    private static bool IsMend(Type type) => typeof(IMendEvent).IsAssignableFrom(type);

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Each_event_has_one_transition_and_one_command(string name)
    {
        var type = TypeNamed(name);
        Assert.True(RelationshipModel.HasTransition(type), $"no aspect declares a transition for {name}");
        Assert.Equal(type, CommandCatalogue.ForEvent(type).EventType);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Each_relationship_event_is_made_again_by_the_command_made_from_it(string name)
    {
        var type = TypeNamed(name);
        if (IsMend(type)) return; // a mend's command reads the history it mends: covered by the mend tests
        var rng = new Random(name.GetHashCode(StringComparison.Ordinal));
        for (var i = 0; i < 20; i++)
        {
            var e = RandomEvents.Of(type, rng, "AA", "BB", canonical: true);
            var key = e.RelationshipOf()!;
            var command = CommandCatalogue.FromEvent(e, key);
            Assert.Equal(e, command.ToEvent(new RelationshipHistory(key, [])));
            Assert.Equal(key, RelationshipKey.Of(command.Parties().A, command.Parties().B));
        }
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void The_random_history_generator_makes_each_relationship_event(string name)
    {
        var type = TypeNamed(name);
        if (IsMend(type)) return; // the random history makes mends of its own events
        Assert.Contains(type, RandomEvents.Types);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public async Task Each_relationship_event_is_accepted_changes_the_state_is_refused_by_its_rule_and_is_answered_by_the_read_model(string name)
    {
        var type = TypeNamed(name);
        if (IsMend(type)) return;
        var seen = walk.Seen.GetValueOrDefault(type);
        Assert.True(seen is { Accepted: > 0 }, $"{name} was never accepted in the walk ({seen})");
        Assert.True(seen.FirstChange is not null, $"{name} never changed the state (or the audit diff did not see it) in the walk ({seen})");
        if (RelationshipModel.TransitionOf(type).Check is not null)
            Assert.True(seen.Refused > 0, $"{name} has a rule, but it never refused in the walk ({seen})");

        var day = seen.FirstChange!.Value;
        var oracle = new Oracle(walk.Ledger.Mediator, walk.Ledger.Repository);
        foreach (var asOf in new[] { day.Start.AddDays(-1), day.Start, day.End, day.End.AddDays(1) })
            await oracle.AssertSameStateAsync(Walk.Key, asOf, null);
    }

    /// <summary>What the walk saw of one event type.</summary>
    public sealed record Seen(int Accepted, int Refused, PartialDate? FirstChange);

    /// <summary>Random commands of every type on one relationship, recorded through the pipeline on a real SQLite ledger.</summary>
    public sealed class Walk : IAsyncLifetime
    {
        public static readonly RelationshipKey Key = RelationshipKey.Of("AA", "BB");
        private static readonly SourceInput[] Sources = [new("Test", "Catalogue walk")];

        public TestLedger Ledger { get; private set; } = null!;
        public Dictionary<Type, Seen> Seen { get; } = [];

        public async Task InitializeAsync()
        {
            Ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
            var rng = new Random(20261130);
            var far = new DateOnly(2100, 1, 1);
            for (var i = 0; i < 900; i++)
            {
                var e = RandomEvents.Next(rng, "AA", "BB", canonical: true);
                // Mostly forward in time, some back-filled, at every precision.
                var year = rng.Next(8) == 0 ? 1980 + rng.Next(1 + i / 30) : 1980 + i / 30;
                var date = (rng.Next(3)) switch
                {
                    0 => PartialDate.OfYear(year),
                    1 => PartialDate.OfMonth(year, 1 + rng.Next(12)),
                    _ => PartialDate.OfDay(new DateOnly(year, 1, 1).AddDays(rng.Next(365))),
                };
                var command = CommandCatalogue.FromEvent(e, Key) with { EffectiveDate = date.ToString(), RecordedBy = "catalogue-walk", Sources = Sources };
                var before = Timeline.StateAsOf(Key, (await Ledger.Repository.LoadAsync(Key)).Facts, far);
                var seen = Seen.GetValueOrDefault(e.GetType()) ?? new(0, 0, null);
                try
                {
                    await Ledger.RecordAsync(command);
                }
                catch (CommandRefusedException)
                {
                    Seen[e.GetType()] = seen with { Refused = seen.Refused + 1 };
                    continue;
                }
                var after = Timeline.StateAsOf(Key, (await Ledger.Repository.LoadAsync(Key)).Facts, far);
                var changed = seen.FirstChange ?? (StateDiff.Between(before, after).Count > 0 ? date : null);
                Seen[e.GetType()] = seen with { Accepted = seen.Accepted + 1, FirstChange = changed };
            }
            await Ledger.Runner.CatchUpAsync();
        }

        public async Task DisposeAsync() => await Ledger.DisposeAsync();
    }
}
