namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// The bytes of a chunk's lines (<see cref="LineChecker"/>), copied one after the other into blocks that are kept from chunk to
/// chunk: a line's bytes live until its chunk is decided, past a collection or two, and an array of its own a line was ~0.9 KB of
/// the ~6.9 KB a line of an import allocated, the part most often copied into an older generation (round 66).
/// </summary>
internal sealed class ChunkBytes
{
    /// <summary>A block's size: under the large object heap's threshold (85,000 bytes), ~70 lines of an export.</summary>
    private const int BlockBytes = 64 * 1024;

    private readonly List<byte[]> _blocks = [];
    private int _block, _at; // the block being filled, and how much of it is

    /// <summary>Every line copied so far is let go: the next ones are written over them.</summary>
    public void Reuse() => (_block, _at) = (0, 0);

    /// <summary>The blocks themselves let go: nothing more will be copied.</summary>
    public void LetGo()
    {
        _blocks.Clear();
        _blocks.TrimExcess();
        Reuse();
    }

    /// <summary>A copy of <paramref name="line"/>, valid until <see cref="Reuse"/>; a line longer than a block gets an array of its own.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> line)
    {
        if (line.Length > BlockBytes) return line.ToArray();
        if (BlockBytes - _at < line.Length) (_block, _at) = (_block + 1, 0);
        if (_block == _blocks.Count) _blocks.Add(new byte[BlockBytes]);
        var copy = _blocks[_block].AsMemory(_at, line.Length);
        line.CopyTo(copy.Span);
        _at += line.Length;
        return copy;
    }
}
