namespace RelationsLedger.Application.Storage;

/// <summary>
/// A stream of the ledger whose events the store itself hides from whoever reads the stream, though they were appended:
/// on KurrentDB, stream metadata that truncates it or limits its length or age, or its deletion (soft, or for good as a
/// tombstone) — operations of the server, outside the ledger. Until the server scavenges them the events are still in
/// its global log, so a chain checked there verifies; a reader of the stream, a decision on it and a rebuild from it no
/// longer get them. The embedded store has no such operation, but its log shows rows deleted from its file (positions it gave
/// out that hold no event), named in <see cref="GlobalLog"/>: which streams they were of, the
/// deleted rows no longer say.
/// </summary>
/// <param name="How">What hides them, as a sentence's end: "revisions 0–2 are hidden by its metadata (truncate before 3)".</param>
/// <param name="Position">Where in the global log the store recorded the hiding (the metadata or the tombstone), when it says.</param>
public sealed record HiddenStream(string Stream, string How, GlobalPosition? Position = null)
{
    /// <summary>The name of the global log (KurrentDB's <c>$all</c>), for what is missing from the log rather than from a stream.</summary>
    public const string GlobalLog = "$all";

    /// <summary>Of a run of positions that hold no event (<see cref="GlobalLog"/>): its first and last position.</summary>
    public (ulong First, ulong Last)? EmptyPositions { get; init; }

    /// <summary>
    /// Whether what hides the stream goes on hiding events recorded after it (KurrentDB's <c>$maxCount</c>, <c>$maxAge</c>):
    /// then its <see cref="Position"/> does not bound what it hides.
    /// </summary>
    public bool HidesLaterEvents { get; init; }

    public override string ToString() => $"{Stream}: {How}{(Position is { } p ? $" (recorded at position {p})" : "")}";
}
