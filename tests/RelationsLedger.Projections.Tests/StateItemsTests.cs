using System.Buffers;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;
using RelationsLedger.Projections.Relationships;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The decoded items are one process-wide cache, which every other test of this assembly fills as it asks
/// questions: these tests count it, so they run alone, after the others.
/// </summary>
[CollectionDefinition(nameof(DecodedItemsCache), DisableParallelization = true)]
public sealed class DecodedItemsCache;

/// <summary>Stored items decoded once and shared by answers, in bounded memory.</summary>
[Collection(nameof(DecodedItemsCache))]
public sealed class StateItemsTests
{
    private static readonly ItemKind DesignationKind = RelationshipModel.Kinds.Single(k => k.ItemType == typeof(Designation));

    private static Designation Item(string reference) =>
        new("RU", "taliban", "Federal list", "Supreme Court", reference, PartialDate.Parse("2003-02-14"), Guid.Parse("5d0e8a8e-1111-4c1f-9d7e-4f6a2b0c9d11"));

    /// <summary>The item as the read model stores it.</summary>
    private static byte[] Payload(string reference)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ItemCodec.Write(DesignationKind, Item(reference), buffer);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void The_same_stored_payload_decodes_to_one_shared_item_equal_to_what_was_stored()
    {
        var reference = $"same-{Guid.NewGuid()}";
        var payload = Payload(reference);
        var first = StateItems.Deserialize(DesignationKind, payload);
        var again = StateItems.Deserialize(DesignationKind, payload.ToArray()); // equal bytes, not the same array

        Assert.Same(first, again);
        Assert.Equal(Item(reference), first);
    }

    [Fact]
    public void Equal_stored_bytes_decode_to_one_item_and_other_bytes_to_another()
    {
        var reference = $"Министерство юстиции — «список» {Guid.NewGuid()}"; // multi-byte UTF-8, as a state's text can be
        var one = StateItems.Deserialize(DesignationKind, Payload(reference));
        var same = StateItems.Deserialize(DesignationKind, Payload(reference));
        var other = StateItems.Deserialize(DesignationKind, Payload(reference.Replace("список", "списки", StringComparison.Ordinal)));

        Assert.Same(one, same);
        Assert.NotSame(one, other);
        Assert.Equal(Item(reference), one);
    }

    [Fact]
    public void Decoded_items_stay_bounded_when_many_threads_decode_more_distinct_items_than_the_limit()
    {
        // Misses count themselves without the dictionary's all-locks Count; the bound must still hold under contention.
        var run = Guid.NewGuid();
        var total = DecodedItems.Limit + 50_000;
        var before = DecodedItems.Held; // what the assembly's other tests left there
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var reference = $"{run}-{i}";
            var item = (Designation)StateItems.Deserialize(DesignationKind, Payload(reference));
            Assert.Equal(reference, item.Reference);
        });

        // Cleared on reaching the limit (not never: 250,000 more held; not on every miss after it: 1 held): what came
        // after the last clear is held. Misses on the other threads while a clear of 200,000 items runs are counted on
        // one side of it and held on the other, so the clear comes up to a few thousand items early or late (seen: 1,152);
        // and work of the assembly's earlier tests still finishing in the process decodes items too (round 67's CI: 15,171
        // fewer held than reckoned). Either fault the test is for is far outside ±25,000: never cleared, ~250,000 more; cleared
        // on every miss, 1.
        var expected = before;
        for (var i = 0; i < total; i++) expected = (expected >= DecodedItems.Limit ? 0 : expected) + 1;
        Assert.InRange(DecodedItems.Held, expected - 25_000, expected + 25_000);
    }
}
