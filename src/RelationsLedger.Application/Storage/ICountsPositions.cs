namespace RelationsLedger.Application.Storage;

/// <summary>
/// A store whose global log gives out its positions one by one and takes none back (the embedded store), so that a position
/// holding no event shows an event deleted from its file (docs/audit.md, "Positions left empty"). KurrentDB's positions are
/// offsets in its log files, with gaps everywhere: it shows nothing of the kind, does not implement this, and is not asked —
/// asking it would read its whole log for an answer that is always none.
/// </summary>
public interface ICountsPositions
{
    /// <summary>Each run of positions that hold no event, as a <see cref="HiddenStream"/> of <see cref="HiddenStream.GlobalLog"/> with its <see cref="HiddenStream.EmptyPositions"/>.</summary>
    IAsyncEnumerable<HiddenStream> EmptyPositionsAsync(CancellationToken ct = default);

    /// <summary>
    /// The runs of positions after <paramref name="after"/> (the start when null) up to <paramref name="through"/> that hold no
    /// event: the deleted events a reader of that stretch of the log passed over. It reads the positions of that stretch only.
    /// </summary>
    IAsyncEnumerable<(ulong First, ulong Last)> EmptyPositionsAsync(GlobalPosition? after, GlobalPosition through, CancellationToken ct = default);

    /// <summary>The runs of empty positions of <paramref name="store"/>'s log; none for a store whose positions are not counted.</summary>
    static IAsyncEnumerable<HiddenStream> Of(IEventStore store, CancellationToken ct = default) =>
        store is ICountsPositions counted ? counted.EmptyPositionsAsync(ct) : AsyncEnumerable.Empty<HiddenStream>();
}
