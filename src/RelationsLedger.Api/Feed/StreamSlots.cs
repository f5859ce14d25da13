using Microsoft.Extensions.Options;
using RelationsLedger.Api.Errors;
using RelationsLedger.Api.Hosting;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// The places for event streams: at most <c>Api:MaxStreams</c> on the server and <c>Api:MaxStreamsPerKey</c> for one API
/// key. Each stream holds a connection to the store (on the embedded store with its page cache) and up to 256 events for
/// as long as its client stays: unbounded, one reader key's 200 streams took the server from 200 MB to 1.4 GB.
/// </summary>
public sealed class StreamSlots(IOptions<ApiOptions> options) : Slots(new Kind(
    "event streams", "open",
    options.Value.MaxStreams, "Api:MaxStreams", ProblemTypes.TooManyStreams,
    options.Value.MaxStreamsPerKey, "Api:MaxStreamsPerKey", ProblemTypes.TooManyStreamsForKey,
    ToFree: "close one (a client reconnecting holds its old stream until the server sees it gone)",
    Meanwhile: ", or page with GET /events meanwhile"));
