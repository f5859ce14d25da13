using System.Runtime.InteropServices;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Domain.Tests.Events;

/// <summary>
/// Ids chosen to collide (their four 32-bit words cancel by exclusive or, so <see cref="Guid.GetHashCode"/> is 0 for all) as
/// keys of a table paired with something else — an item's identity, a kind — as the audit trail and the timeline's lanes key
/// their tables (round 45 of issue #16): a tuple's own hash collides with them, the seeded pair comparer spreads them.
/// </summary>
public sealed class RandomisedIdsTests
{
    private static Guid Colliding(Random random)
    {
        Span<int> words = stackalloc int[4];
        for (var i = 0; i < 3; i++) words[i] = random.Next(int.MinValue, int.MaxValue);
        words[3] = words[0] ^ words[1] ^ words[2];
        return MemoryMarshal.Cast<int, Guid>(words)[0];
    }

    [Fact]
    public void Ids_chosen_to_collide_collide_in_a_tuple_and_are_spread_by_the_pair_comparer()
    {
        var random = new Random(45);
        var keys = Enumerable.Range(0, 1000).Select(_ => ("sanctions", Colliding(random))).ToList();
        var paired = RandomisedIds.Paired<string>();

        Assert.Single(keys.Select(k => k.GetHashCode()).Distinct()); // the attack: one hash for every key
        Assert.True(keys.Select(paired.GetHashCode).Distinct().Count() >= 990, "the pair comparer places the keys apart");
    }

    [Fact]
    public void A_pair_is_equal_only_to_the_pair_of_the_same_id_and_the_same_other_part()
    {
        var id = Guid.NewGuid();
        var paired = RandomisedIds.Paired<int>();

        Assert.True(paired.Equals((3, id), (3, new Guid(id.ToString()))));
        Assert.Equal(paired.GetHashCode((3, id)), paired.GetHashCode((3, new Guid(id.ToString()))));
        Assert.False(paired.Equals((3, id), (4, id)));
        Assert.False(paired.Equals((3, id), (3, Guid.NewGuid())));
        var table = new Dictionary<(int, Guid), string>(paired) { [(3, id)] = "kept" };
        Assert.Equal("kept", table[(3, id)]);
        Assert.False(table.ContainsKey((4, id)));
    }
}
