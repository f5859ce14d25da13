using System.Runtime.InteropServices;

namespace RelationsLedger.Testing;

/// <summary>
/// Ids an adversary who writes events would choose: their four 32-bit words cancel by exclusive or, so
/// <see cref="Guid.GetHashCode"/> is 0 for every one of them, and a table keyed by them on the default hash is a list.
/// </summary>
public static class CollidingIds
{
    public static Guid Next(Random random)
    {
        Span<int> words = stackalloc int[4];
        for (var i = 0; i < 3; i++) words[i] = random.Next(int.MinValue, int.MaxValue);
        words[3] = words[0] ^ words[1] ^ words[2];
        return MemoryMarshal.Cast<int, Guid>(words)[0];
    }
}
