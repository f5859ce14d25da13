using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// <see cref="ChangesBySlot"/> gives each slot's changes in their order, as <c>ToLookup</c> gave them to the re-cut before
/// round 59 of issue #16 (the oracle here): on random lists of changes over few slots (so that slots repeat, next to each
/// other and apart), one index filled again and again — a list shorter than the one before must leave nothing of it.
/// </summary>
public sealed class ChangesBySlotTests
{
    [Fact]
    public void Each_slots_changes_come_in_their_order_as_a_lookup_gives_them()
    {
        var rng = new Random(59);
        var index = new ChangesBySlot();
        for (var round = 0; round < 2_000; round++)
        {
            var changes = new List<(int Day, (int, int) Slot, object? Item)>();
            var count = rng.Next(0, round % 10 == 0 ? 300 : 12);
            for (var i = 0; i < count; i++)
                changes.Add((rng.Next(0, 50), (rng.Next(0, 4), rng.Next(0, 3)), rng.Next(3) == 0 ? null : $"item {i}"));
            index.Index(changes);
            var expected = changes.ToLookup(c => c.Slot);
            for (var code = 0; code < 5; code++)
                for (var ordinal = 0; ordinal < 4; ordinal++)
                {
                    var slot = (code, ordinal);
                    var actual = new List<(int, (int, int), object?)>();
                    for (var c = index.First(slot); c != ChangesBySlot.None; c = index.Next(c)) actual.Add(changes[c]);
                    Assert.Equal(expected[slot], actual);
                }
        }
    }
}
