using System.IO.Hashing;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// Stored bytes as a table's key, looked up by a span of them (no copy on a hit): hashed with XXH3 under a seed of this process's own,
/// so bytes read from a store or a file cannot be made to collide on purpose. Shared by the tables of things made of their bytes once
/// (the read model's decoded items, an import's sources).
/// </summary>
public sealed class StoredBytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static StoredBytesComparer Instance { get; } = new();

    private static readonly long Seed = SeedOfThisProcess();

    private StoredBytesComparer()
    {
    }

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] bytes) => Hash(bytes);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> bytes) => (int)XxHash3.HashToUInt64(bytes, Seed);

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
}
