namespace RelationsLedger.Application.Storage;

/// <summary>
/// The store's own record, in its global log, that another client hid events of a stream: on KurrentDB the stream's metadata
/// (a <c>$metadata</c> event of <c>$$stream</c>: a truncation, a count, an age, a soft delete) or its <see cref="Tombstone"/>.
/// Not an event of the stream. A read or a subscription with <see cref="StreamFilter.Hidings"/> is given these records in their
/// place in the log, so that the feed can say where it crossed a hiding (a scavenge takes the hidden events out of the log,
/// and their positions with them: nothing else in the log says they were there). What one hides the store tells
/// (<see cref="IReadsHidingRecords"/>). The embedded store has none.
/// </summary>
public static class HidingRecord
{
    /// <summary>The start of the name of a stream's metadata stream (KurrentDB's <c>$$</c>).</summary>
    public const string MetadataStreamPrefix = "$$";

    /// <summary>Whether <paramref name="e"/> is such a record rather than an event of a stream.</summary>
    public static bool Is(RecordedEvent e) => e.Stream.StartsWith(MetadataStreamPrefix, StringComparison.Ordinal) || Tombstone.Is(e);
}
