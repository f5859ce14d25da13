using System.Text.Json.Serialization;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// What the feed delivers for one event of the log, in pages and in the stream alike: a <see cref="FeedEvent"/>, or,
/// for an event that is not the ledger's (another client of the store appended it, or it was changed since), an
/// <see cref="UnreadableFeedEvent"/> — so that a consumer is told of it, where it is and why, and goes on past it,
/// rather than the feed failing there for every consumer forever. Written without a type discriminator: a consumer
/// tells the two apart by <c>unreadable</c> (docs/api.md).
/// </summary>
[JsonDerivedType(typeof(FeedEvent))]
[JsonDerivedType(typeof(UnreadableFeedEvent))]
public abstract record FeedItem
{
    public static FeedItem Of(RecordedEvent recorded) =>
        LedgerEvent.TryDecode(recorded, out var unreadable) is { } e ? FeedEvent.Of(e) : UnreadableFeedEvent.Of(recorded, unreadable!);
}
