using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// A run of positions of the embedded store's log that the feed passed over because no event is there: events deleted from
/// the store file (docs/audit.md, "Positions left empty"). Positions are strings, as everywhere in the feed.
/// </summary>
public sealed record EmptyPositions(string First, string Last)
{
    /// <summary>
    /// The runs a reader of the log crossed from <paramref name="after"/> to <paramref name="through"/>. Asked only where the
    /// positions read <see cref="Jumps"/>: on the embedded store they rise by one, so a stretch read without a jump crossed
    /// none, and costs nothing more.
    /// </summary>
    public static async Task<IReadOnlyList<EmptyPositions>> CrossedAsync(ICountsPositions store, GlobalPosition? after, GlobalPosition through, CancellationToken ct)
    {
        var runs = new List<EmptyPositions>();
        await foreach (var (first, last) in store.EmptyPositionsAsync(after, through, ct)) runs.Add(new(first.ToString(System.Globalization.CultureInfo.InvariantCulture), last.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return runs;
    }

    /// <summary>Whether <paramref name="next"/> does not follow <paramref name="previous"/> (the start when null) by one: a sign of positions passed over.</summary>
    public static bool Jumps(GlobalPosition? previous, GlobalPosition next) => next.Commit != (previous?.Commit ?? 0) + 1;

    /// <summary>How the stream says it crossed the run, as a comment line before the event after it.</summary>
    public string Comment => $": empty {(First == Last ? $"position {First}" : $"positions {First}–{Last}")}: deleted from the store file ('ledger verify' names them)\n\n";
}
