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

    private static readonly ConcurrentDictionary<byte[], object>[] ByKind = Tables();
    private static int _count;

    /// <summary>How many decoded items are kept (the tables' own counts, which take all their locks: for tests).</summary>
    public static int Held => ByKind.Sum(d => d.Count);

    /// <summary>
    /// One table a kind, made by a loop: LINQ's <c>Enumerable.Range(…).Select(…)</c> is an iterator over <see cref="int"/> whose
    /// instantiations (and vector fill) the composite image does not hold, compiled at run time by every cold question that
    /// reads an item (docs/performance.md, round 69).
    /// </summary>
    private static ConcurrentDictionary<byte[], object>[] Tables()
    {
        var tables = new ConcurrentDictionary<byte[], object>[RelationshipModel.SlotCount];
        for (var code = 0; code < tables.Length; code++) tables[code] = new(StoredBytesComparer.Instance);
        return tables;
    }

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
