using RelationsLedger.Application.Audit.Chain;

namespace RelationsLedger.Application.Queries;

/// <summary>
/// What the read model could not take of a relationship's stream, named as the feed names an event: where it is, and
/// why (<see cref="Unreadable"/>, in the words <c>ledger verify</c> uses). Of <see cref="Kind"/>
/// <see cref="TamperKind.Altered"/>: an event it passed over because it is not one of the ledger's — another client of
/// the store appended it, or it was changed so that it no longer reads as a ledger event. Of kind
/// <see cref="TamperKind.Removed"/>: events of the stream the global log no longer holds — the first event the log
/// holds of it is above revision 0 (the server removed the ones before: a scavenge after another client hid them) — a
/// finding of the stream, as verify's: its <see cref="EventId"/> is the nil UUID, <see cref="Type"/> empty,
/// <see cref="Revision"/> 0 and <see cref="Position"/> where the read model met the first event left.
/// </summary>
public sealed record PassedOverEvent(string Position, Guid EventId, string Type, string Stream, ulong Revision, string Unreadable,
    TamperKind Kind = TamperKind.Altered);

/// <summary>
/// What an answer across relationships leaves out (<see cref="PassedOverEvent"/>): how many findings there are in the
/// relationships it reads, and the first of them in log order (at most <see cref="Named"/>; <c>ledger verify</c> names every one).
/// </summary>
public sealed record PassedOverEvents(long Count, IReadOnlyList<PassedOverEvent> Events)
{
    /// <summary>How many an answer names: one foreign writer must not make every answer as long as what it wrote.</summary>
    public const int Named = 20;
}
