using System.Collections.Concurrent;
using System.IO.Hashing;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// Stored items decoded once and shared by answers: items are immutable records, so the same payload is the same item.
/// Looked up by the stored bytes themselves, as SQLite hands them over — no string per row, no copy on a hit —
/// one table per kind, hashed with XXH3 under a seed of this process's own (stored bytes cannot be made to collide on
/// purpose). The memory is bounded: past <see cref="Limit"/> items every table is emptied.
/// </summary>
internal static class DecodedItems
{
    /// <summary>A soft bound on the memory of decoded items: concurrent misses may pass it by a few before it is cleared.</summary>
    public const int Limit = 200_000;

    private static readonly long Seed = SeedOfThisProcess();
    private static readonly ConcurrentDictionary<byte[], object>[] ByKind =
        Enumerable.Range(0, RelationshipModel.SlotCount).Select(_ => new ConcurrentDictionary<byte[], object>(new BytesComparer())).ToArray();
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

    /// <summary>
    /// 62 unpredictable bits (a version 4 GUID's last eight bytes; two of them are its variant's), from the system's secure random
    /// source through the runtime's own native library. <c>RandomNumberGenerator</c> is OpenSSL's on Linux: eight bytes of it
    /// loaded libssl and libcrypto into every cold question that reads an item, which nothing else of a question uses
    /// (docs/performance.md, round 48).
    /// </summary>
    private static long SeedOfThisProcess()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[8..]);
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes) => Hash(bytes);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> bytes) => (int)XxHash3.HashToUInt64(bytes, Seed);
    }
}
