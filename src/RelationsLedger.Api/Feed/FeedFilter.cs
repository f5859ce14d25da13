using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Api.Feed;

/// <summary>Which events a feed delivers: one relationship's stream or all, and optionally only some event types.</summary>
public sealed record FeedFilter(string? Stream, IReadOnlySet<string>? Types)
{
    /// <summary>What the store is asked for; the exact stream and the types are checked here.</summary>
    public StreamFilter StoreFilter => Stream is null ? StreamFilter.Relationships : new StreamFilter(Stream);

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
