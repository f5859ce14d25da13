using System.Collections.Concurrent;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// Stored items decoded once and shared by answers: items are immutable records, so the same payload is the same item.
/// Looked up by the stored bytes themselves, as SQLite hands them over — no string per row, no copy on a hit —
/// one table per kind (<see cref="StoredBytesComparer"/>). The memory is bounded: past <see cref="Limit"/> items every table is emptied.
/// </summary>
internal static class DecodedItems
{
    /// <summary>A soft bound on the memory of decoded items: concurrent misses may pass it by a few before it is cleared.</summary>
    public const int Limit = 200_000;

    private static readonly ConcurrentDictionary<byte[], object>[] ByKind =
        Enumerable.Range(0, RelationshipModel.SlotCount).Select(_ => new ConcurrentDictionary<byte[], object>(StoredBytesComparer.Instance)).ToArray();
    private static int _count;

    /// <summary>How many decoded items are kept (the tables' own counts, which take all their locks: for tests).</summary>
    public static int Held => ByKind.Sum(d => d.Count);

    public static object Get(ItemKind kind, ReadOnlySpan<byte> payload)
    {
        var table = ByKind[kind.Code].GetAlternateLookup<ReadOnlySpan<byte>>();
        if (table.TryGetValue(payload, out var item)) return item;
        item = ItemCodec.Read(kind, payload);
        // A table's own Count takes every one of its locks; a miss (every item of a cold answer) must not.
        if (Volatile.Read(ref _count) >= Limit)
        {
            foreach (var each in ByKind) each.Clear();
            Volatile.Write(ref _count, 0);
        }
        if (table.TryAdd(payload, item)) Interlocked.Increment(ref _count);
        return item;
    }
}
