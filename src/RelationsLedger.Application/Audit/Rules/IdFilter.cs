using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Audit.Rules;

/// <summary>
/// A Bloom filter of event ids in blocks of one cache line: an id sets 8 bits of one 512-bit block, 16 bits an id in all,
/// so that an id not added is let through about once in a thousand times, at one cache line read an id. The block and the
/// bits come from the id's hashes seeded at random in each process (<see cref="RandomisedIds"/>): ids chosen by a writer of
/// the store cannot be made to pass it.
/// </summary>
internal sealed class IdFilter
{
    private const int BitsPerId = 16;
    private const int BitsPerBlock = 512;
    private const int WordsPerBlock = BitsPerBlock / 64;
    private const int Probes = 8;

    private readonly ulong[] _words;
    private readonly uint _blocks;

    public IdFilter(int ids)
    {
        _blocks = (uint)Math.Max(1, ((long)ids * BitsPerId + BitsPerBlock - 1) / BitsPerBlock);
        _words = new ulong[_blocks * WordsPerBlock];
    }

    public void Add(Guid id)
    {
        var (block, first, step) = Place(id);
        for (var i = 0u; i < Probes; i++)
        {
            var bit = (first + i * step) % BitsPerBlock;
            _words[block + (bit >> 6)] |= 1UL << (int)(bit & 63);
        }
    }

    /// <summary>False when the id was certainly not added.</summary>
    public bool MayContain(Guid id)
    {
        var (block, first, step) = Place(id);
        for (var i = 0u; i < Probes; i++)
        {
            var bit = (first + i * step) % BitsPerBlock;
            if ((_words[block + (bit >> 6)] & (1UL << (int)(bit & 63))) == 0) return false;
        }
        return true;
    }

    /// <summary>The id's block (its first word) and its bits there: <c>first + i·step</c>, distinct for an odd step.</summary>
    private (long Block, uint First, uint Step) Place(Guid id)
    {
        var block = (uint)(((ulong)(uint)RandomisedIds.Hash(id) * _blocks) >> 32);
        var bits = (uint)RandomisedIds.SecondHash(id);
        return ((long)block * WordsPerBlock, bits, (bits >> 9 | bits << 23) | 1);
    }
}
