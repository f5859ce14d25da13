using System.Runtime.InteropServices;

namespace RelationsLedger.Domain.Events;

/// <summary>
/// Event ids as keys of a hash table, placed by a hash seeded at random in each process. A table keyed by
/// <see cref="Guid"/>'s own hash code can be made to walk every id on each look-up: that hash is the exclusive or of the
/// id's four 32-bit words, so anyone who writes events (a crafted export, another client of KurrentDB) can choose ids that
/// all hash alike, and a check of 100,000 of them takes minutes instead of a second (round 44 of issue #16). Every table of
/// event ids the ledger fills from what it reads uses this comparer.
/// </summary>
public sealed class RandomisedIds : IEqualityComparer<Guid>
{
    public static readonly RandomisedIds Comparer = new();

    private RandomisedIds() { }

    public bool Equals(Guid x, Guid y) => x == y;

    public int GetHashCode(Guid obj) => Hash(obj);

    /// <summary>The id's 16 bytes through <see cref="HashCode"/>, whose seed is random in each process.</summary>
    public static int Hash(Guid id)
    {
        var words = MemoryMarshal.Cast<Guid, int>(new ReadOnlySpan<Guid>(in id));
        return HashCode.Combine(words[0], words[1], words[2], words[3]);
    }

    /// <summary>
    /// The comparer for a key of something and an event id (an item's identity or kind with the event that put it there):
    /// a tuple's own hash combines <see cref="Guid.GetHashCode"/>, so ids chosen to collide collide in it as well.
    /// </summary>
    public static IEqualityComparer<(T Other, Guid Id)> Paired<T>() => PairComparer<T>.Instance;

    private sealed class PairComparer<T> : IEqualityComparer<(T Other, Guid Id)>
    {
        public static readonly PairComparer<T> Instance = new();

        public bool Equals((T Other, Guid Id) x, (T Other, Guid Id) y) => x.Id == y.Id && EqualityComparer<T>.Default.Equals(x.Other, y.Other);

        public int GetHashCode((T Other, Guid Id) obj) => HashCode.Combine(obj.Other, Hash(obj.Id));
    }

    /// <summary>A second hash of the id, independent of <see cref="Hash"/> (another seeded combination), for a filter that needs more bits.</summary>
    public static int SecondHash(Guid id)
    {
        var words = MemoryMarshal.Cast<Guid, int>(new ReadOnlySpan<Guid>(in id));
        return HashCode.Combine(words[3], words[2], words[1], words[0], 0x5bd1e995);
    }
}
