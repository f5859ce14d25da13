using System.Text.Json;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Audit.Tests.Trail;

/// <summary>
/// The audit trail keeps the record as known event by event, folding again only from where an event changed the timeline
/// (<see cref="KnownRecord"/>). Each entry's changes must be those of the definition (docs/audit.md): the whole record as
/// known just before the event and just after, each folded from the first event — the audit's way until round 46, kept
/// here as the oracle (<see cref="WholeRecord"/>) — field for field and in the same order, on random raw histories
/// (back-filled events, corrections of dates and fields, retractions of facts and of corrections), now and as known at
/// moments inside them.
/// </summary>
public sealed class AuditEqualsWholeRecordProperty
{
    public static TheoryData<int> Seeds() => [.. PropertySeeds.Or(1, 30)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Each_entrys_changes_are_those_of_the_whole_record_before_and_after_it(int seed)
    {
        var rng = new Random(seed);
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        var history = RandomHistory.Raw(rng, ledger);
        var steps = 60 + rng.Next(120);
        for (var i = 0; i < steps; i++) await history.AppendOneAsync();

        var compared = 0;
        foreach (var key in history.Relationships)
        {
            var facts = (await ledger.Repository.LoadAsync(key)).Events.Select(e => e.ToFact()).ToList();
            var moments = new DateTimeOffset?[] { null, facts[facts.Count / 2].RecordedAt, facts[^1].RecordedAt.AddSeconds(-1) };
            foreach (var knownAt in moments.Distinct())
            {
                var trail = await ledger.Send(new GetAuditTrail(key.First.ToString(), key.Second.ToString(), knownAt));
                var known = facts.Where(f => knownAt is null || f.RecordedAt <= knownAt).ToList();
                Assert.Equal(known.Count, trail.Entries.Count);
                for (var i = 0; i < known.Count; i++)
                {
                    var expected = WholeRecord.Changes(key, known, i);
                    Assert.True(Json(expected) == Json(trail.Entries[i].Changes),
                        $"seed {seed}, {key} as known at {knownAt?.ToString("O") ?? "now"}, entry {i} ({known[i].Type} {known[i].EventId}):\nexpected {Json(expected)}\nactual   {Json(trail.Entries[i].Changes)}");
                    compared++;
                }
            }
        }
        Assert.True(compared >= steps, $"{compared} entries compared");
    }

    private static string Json(IReadOnlyList<StateChange> changes) => JsonSerializer.Serialize(changes, LedgerJson.Contract);

    /// <summary>
    /// The record as known after the first <c>count</c> events, folded from the first event over the whole resolved
    /// timeline, and the difference of two such records: the audit's algorithm until round 46, quadratic and plain.
    /// </summary>
    private sealed class WholeRecord
    {
        private readonly Dictionary<int, Dictionary<(string Identity, Guid EventId), object>> _items = [];

        private WholeRecord(RelationshipState final) => Final = final;

        private RelationshipState Final { get; }

        public static IReadOnlyList<StateChange> Changes(RelationshipKey key, List<Fact> known, int index)
        {
            var (before, after) = (Of(key, known.Take(index)), Of(key, known.Take(index + 1)));
            return StateDiff.Between(before.Final, after.Final, kind => Held(kind, before, after));
        }

        private static WholeRecord Of(RelationshipKey key, IEnumerable<Fact> recorded)
        {
            var state = RelationshipState.Initial(key);
            var record = new Dictionary<int, Dictionary<(string, Guid), object>>();
            foreach (var fact in Timeline.Resolve(recorded))
            {
                var next = Fold.Evolve(state, fact);
                foreach (var kind in RelationshipModel.Kinds)
                {
                    if (ReferenceEquals(state.Slot(kind), next.Slot(kind))) continue;
                    if (!record.TryGetValue(kind.Code, out var ofKind)) record[kind.Code] = ofKind = [];
                    foreach (var item in kind.ItemsIn(next)) ofKind[(kind.IdentityOf(item), ((IStateItem)item).EventId)] = item;
                }
                state = next;
            }
            var whole = new WholeRecord(state);
            foreach (var (code, ofKind) in record) whole._items[code] = ofKind;
            return whole;
        }

        /// <summary>Every item of the kind held before or after, as (before, after): those held after in their order, then those only before in theirs.</summary>
        private static IEnumerable<(object? Was, object? Now)> Held(ItemKind kind, WholeRecord before, WholeRecord after)
        {
            var (was, now) = (before._items.GetValueOrDefault(kind.Code) ?? [], after._items.GetValueOrDefault(kind.Code) ?? []);
            bool Final((string Identity, Guid EventId) key) => !kind.Momentary && (before.IsFinal(kind, key) || after.IsFinal(kind, key));
            foreach (var (key, item) in now)
                if (!Final(key)) yield return (was.GetValueOrDefault(key), item);
            foreach (var (key, item) in was)
                if (!now.ContainsKey(key) && !Final(key)) yield return (item, null);
        }

        private bool IsFinal(ItemKind kind, (string Identity, Guid EventId) key) =>
            kind.ItemsIn(Final).Any(i => ((IStateItem)i).EventId == key.EventId && kind.IdentityOf(i) == key.Identity);
    }
}
