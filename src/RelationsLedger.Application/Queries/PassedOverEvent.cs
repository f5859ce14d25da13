namespace RelationsLedger.Application.Queries;

/// <summary>
/// An event of a relationship's stream that the read model passed over because it is not one of the ledger's — another
/// client of the store appended it, or it was changed so that it no longer reads as a ledger event — named as the feed
/// names it: where it is, and why (<see cref="Unreadable"/>, the words <c>ledger verify</c> uses for it).
/// </summary>
public sealed record PassedOverEvent(string Position, Guid EventId, string Type, string Stream, ulong Revision, string Unreadable);

/// <summary>
/// The passed-over events an answer across relationships leaves out: how many there are in the relationships it reads,
/// and the first of them in log order (at most <see cref="Named"/>; <c>ledger verify</c> names every one).
/// </summary>
public sealed record PassedOverEvents(long Count, IReadOnlyList<PassedOverEvent> Events)
{
    /// <summary>How many an answer names: one foreign writer must not make every answer as long as what it wrote.</summary>
    public const int Named = 20;
}
