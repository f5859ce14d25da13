using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Api.Feed;

/// <summary>Which events a feed delivers: one relationship's stream or all, and optionally only some event types.</summary>
public sealed record FeedFilter(string? Stream, IReadOnlySet<string>? Types)
{
    /// <summary>
    /// What the store is asked for; the exact stream and the types are checked here. With the records of hidings of those
    /// streams (<see cref="HidingRecord"/>), which the feed names where it crosses them (<see cref="CrossedHiding"/>).
    /// </summary>
    public StreamFilter StoreFilter => (Stream is null ? StreamFilter.Relationships : new StreamFilter(Stream)) with { Hidings = true };

    /// <summary>Whether a hiding of <paramref name="hidden"/>'s stream concerns this feed: whatever the types, since the hidden events' are not known.</summary>
    public bool Names(HiddenStream hidden) =>
        hidden.Stream.StartsWith(RelationshipKey.StreamPrefix, StringComparison.Ordinal) && (Stream is null || hidden.Stream == Stream);

    public bool Matches(RecordedEvent e) =>
        e.Stream.StartsWith(RelationshipKey.StreamPrefix, StringComparison.Ordinal)
        && (Stream is null || e.Stream == Stream)
        && (Types is null || Types.Contains(e.Type));

    /// <summary>
    /// The stream is named by the path (<c>/relationships/{a}/{b}/events</c>), which takes no <c>stream</c> parameter: its next
    /// links must not give one (they did, and following one was a 400 naming <c>stream</c>, a page after the first).
    /// </summary>
    public bool StreamInPath { get; init; }

    /// <summary>The filter as query-string parameters, for next links.</summary>
    public string Query => (Stream is null || StreamInPath ? "" : $"&stream={Uri.EscapeDataString(Stream)}")
        + (Types is null ? "" : $"&type={Uri.EscapeDataString(string.Join(',', Types))}");
}
