namespace RelationsLedger.Application.Storage;

/// <summary>
/// An event to append: its id, type name, JSON data and JSON metadata (the envelope), and the format a reader must know
/// to read it. The embedded store keeps the highest format of its events in its file (<c>PRAGMA user_version</c>), so
/// that a build which does not know a format refuses the file by name instead of reading such an event as altered
/// (docs/events.md, "A store made or written by another version").
/// </summary>
public sealed record EventData(Guid EventId, string Type, ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> Metadata, int FormatVersion = EventData.FirstFormat)
{
    /// <summary>Every event as the first contract wrote it.</summary>
    public const int FirstFormat = 1;

    /// <summary>An envelope with <c>recordedThrough</c> (2026-12-02), which builds before it cannot read.</summary>
    public const int RecordedThroughFormat = 2;

    /// <summary>The highest format this build writes and reads.</summary>
    public const int LatestFormat = RecordedThroughFormat;
}
