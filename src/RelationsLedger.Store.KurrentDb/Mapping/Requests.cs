using System.Text;
using Google.Protobuf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Protocol;
using ReadOptions = RelationsLedger.Store.KurrentDb.Protocol.ReadReq.Types.Options;

namespace RelationsLedger.Store.KurrentDb.Mapping;

/// <summary>Builds the protocol's requests from the store port's arguments.</summary>
internal static class Requests
{
    public const string JsonContentType = "application/json";

    /// <summary>
    /// A filtered subscription scans at most this many events before it answers with a checkpoint,
    /// so a subscriber to a rare prefix still learns how far the server has looked.
    /// </summary>
    public const uint SubscriptionSearchWindow = 32;

    /// <summary>
    /// How many events of the log a filtered read of $all lets the server scan in one step of its own (filter field
    /// <c>max</c>, the search window). Without it (<c>count</c>) a step scans 32 events, which on a log where the ledger's
    /// events are a fifth of the records (event id reservations, the system projections' links) delivers a handful per
    /// step: the first read of a node of 20,000 relationship events in 68 MB of log cost the server 0.97-1.34 s of CPU
    /// with 32, 0.47-0.72 s with this (docs/performance.md, round 53). The events read are the same: a step still ends
    /// after 32 matches, and the read goes on until its count or the end of the log.
    /// </summary>
    public const uint ReadSearchWindow = 2048;

    /// <summary>Stream names of the system's own streams start with '$'.</summary>
    public const string NonSystemStreamsRegex = "^[^$]";

    public static StreamIdentifier Stream(string name) => new() { StreamName = ByteString.CopyFromUtf8(name) };

    public static AppendReq AppendOptions(string stream, ExpectedRevision expected)
    {
        var options = new AppendReq.Types.Options { StreamIdentifier = Stream(stream) };
        switch (expected.Kind)
        {
            case ExpectedRevision.Kinds.Any: options.Any = new Empty(); break;
            case ExpectedRevision.Kinds.NoStream: options.NoStream = new Empty(); break;
            case ExpectedRevision.Kinds.StreamExists: options.StreamExists = new Empty(); break;
            default: options.Revision = expected.Revision; break;
        }
        return new AppendReq { Options = options };
    }

    /// <summary>
    /// One event: <c>type</c> and <c>content-type</c> are the system metadata every official
    /// client reads; the envelope travels as the custom metadata, the event's JSON as the data.
    /// </summary>
    public static AppendReq ProposedMessage(EventData e)
    {
        if (string.IsNullOrWhiteSpace(e.Type)) throw new ArgumentException($"Event {e.EventId} has no type name.", nameof(e));
        return new AppendReq
        {
            ProposedMessage = new AppendReq.Types.ProposedMessage
            {
                Id = Uuids.ToDto(e.EventId),
                Metadata = { ["type"] = e.Type, ["content-type"] = JsonContentType },
                CustomMetadata = ByteString.CopyFrom(e.Metadata.Span),
                Data = ByteString.CopyFrom(e.Data.Span),
            },
        };
    }

    /// <summary>
    /// One append of a BatchAppend call, whole (<c>is_final</c>), or its options alone when <paramref name="e"/> is null (the
    /// server then holds it unwritten until a part with the same correlation id says it is final). "No stream" as expected.
    /// </summary>
    public static BatchAppendReq BatchAppendNoStream(Guid correlationId, string stream, TimeSpan? deadline, EventData? e, bool withOptions = true)
    {
        var request = new BatchAppendReq { CorrelationId = Uuids.ToDto(correlationId), IsFinal = e is not null };
        if (withOptions)
        {
            request.Options = new BatchAppendReq.Types.Options { StreamIdentifier = Stream(stream), NoStream = new Empty() };
            if (deadline is { } d)
                request.Options.Deadline = new BatchAppendReq.Types.Duration { Seconds = (long)d.TotalSeconds, Nanos = d.Milliseconds * 1_000_000 };
        }
        if (e is not null) request.ProposedMessages.Add(new BatchAppendReq.Types.ProposedMessage
        {
            Id = Uuids.ToDto(e.EventId),
            Metadata = { ["type"] = e.Type, ["content-type"] = JsonContentType },
            CustomMetadata = ByteString.CopyFrom(e.Metadata.Span),
            Data = ByteString.CopyFrom(e.Data.Span),
        });
        return request;
    }

    public static ReadReq ReadStream(string stream, ReadDirection direction, ulong? from, ulong count, bool resolveLinks = false)
    {
        var target = new ReadOptions.Types.StreamOptions { StreamIdentifier = Stream(stream) };
        if (from is { } revision) target.Revision = revision;
        else if (direction == ReadDirection.Forwards) target.Start = new Empty();
        else target.End = new Empty();

        var options = Base(direction);
        options.Stream = target;
        options.ResolveLinks = resolveLinks;
        options.Count = count;
        options.NoFilter = new Empty();
        options.ControlOption = new ReadOptions.Types.ControlOption { Compatibility = StreamReadCompatibility };
        return new ReadReq { Options = options };
    }

    /// <summary>
    /// Asks the server (21.10 and later) to end a stream read with the stream's last revision: a read that finds no event
    /// although the stream goes on past where it started is one whose events the stream's metadata hides.
    /// </summary>
    public const uint StreamReadCompatibility = 1;

    /// <summary>
    /// Reads $all forwards from <paramref name="from"/>. The server starts at that position
    /// (inclusive), so callers asking for "strictly after" drop an event found exactly there.
    /// </summary>
    public static ReadReq ReadAll(GlobalPosition? from, ulong count, StreamFilter filter) => ReadAll(from, count, Filter(filter));

    /// <summary>As above, with a filter of the server's own (e.g. on system streams, which no <see cref="StreamFilter"/> names).</summary>
    public static ReadReq ReadAll(GlobalPosition? from, ulong count, ReadOptions.Types.FilterOptions filter)
    {
        var options = Base(ReadDirection.Forwards);
        options.All = All(from);
        options.Count = count;
        options.Filter = filter;
        options.Filter.Max = ReadSearchWindow;
        return new ReadReq { Options = options };
    }

    /// <summary>
    /// The one event at <paramref name="position"/> of $all, whatever its stream — a system stream's (<c>$stats-…</c>, <c>$scavenges</c>,
    /// a <c>$$stream</c>'s metadata) too: a read filtered on non-system streams gives the next event of another stream after a system
    /// one's position, which is no answer to "what is at this position" (before round 57 a feed checkpoint at a system stream's event
    /// was answered as one at no event).
    /// </summary>
    public static ReadReq ReadAt(GlobalPosition position)
    {
        var options = Base(ReadDirection.Forwards);
        options.All = All(position);
        options.Count = 1;
        options.NoFilter = new Empty();
        return new ReadReq { Options = options };
    }

    /// <summary>$all backwards from <paramref name="from"/>, at most <paramref name="count"/> events that <paramref name="filter"/> lets through, filtered on the server.</summary>
    public static ReadReq ReadAllBackwards(GlobalPosition from, ulong count, StreamFilter filter)
    {
        var options = Base(ReadDirection.Backwards);
        options.All = All(from);
        options.Count = count;
        options.Filter = Filter(filter);
        options.Filter.Max = ReadSearchWindow;
        return new ReadReq { Options = options };
    }

    /// <summary>The metadata streams (<c>$$stream</c>) of the streams whose names start with <paramref name="prefix"/>.</summary>
    public static ReadOptions.Types.FilterOptions MetadataStreamsOf(string prefix) =>
        new() { StreamIdentifier = new ReadOptions.Types.FilterOptions.Types.Expression { Prefix = { StreamMetadata.StreamPrefix + prefix } } };

    /// <summary>Events of one type, in any stream.</summary>
    public static ReadOptions.Types.FilterOptions OfType(string type) =>
        new() { EventType = new ReadOptions.Types.FilterOptions.Types.Expression { Prefix = { type } } };

    /// <summary>The last event of $all that <paramref name="filter"/> lets through: one event, backwards from the end, filtered on the server.</summary>
    public static ReadReq ReadLastOfAll(StreamFilter filter)
    {
        var options = Base(ReadDirection.Backwards);
        options.All = new ReadOptions.Types.AllOptions { End = new Empty() };
        options.Count = 1;
        options.Filter = Filter(filter);
        options.Filter.Max = ReadSearchWindow;
        return new ReadReq { Options = options };
    }

    /// <summary>A catch-up subscription to $all after <paramref name="after"/>, filtered on the server, with checkpoints.</summary>
    public static ReadReq SubscribeToAll(GlobalPosition? after, StreamFilter filter)
    {
        var options = Base(ReadDirection.Forwards);
        options.All = All(after);
        options.Subscription = new ReadOptions.Types.SubscriptionOptions();
        options.Filter = Filter(filter);
        options.Filter.Max = SubscriptionSearchWindow;
        options.Filter.CheckpointIntervalMultiplier = 1;
        return new ReadReq { Options = options };
    }

    /// <summary>
    /// The server-side filter: the stream prefix when there is one (a prefix never starts with '$'
    /// for the ledger), otherwise every stream whose name does not start with '$'. With <see cref="StreamFilter.Hidings"/>, the
    /// metadata streams of the prefix's streams too (their tombstones are in the streams themselves).
    /// </summary>
    public static ReadOptions.Types.FilterOptions Filter(StreamFilter filter)
    {
        var expression = new ReadOptions.Types.FilterOptions.Types.Expression();
        if (filter.StreamPrefix is { Length: > 0 } prefix)
        {
            if (prefix.StartsWith('$'))
                throw new ArgumentException($"The stream prefix '{prefix}' names system streams, which the store never delivers.", nameof(filter));
            expression.Prefix.Add(prefix);
            if (filter.Hidings) expression.Prefix.Add(StreamMetadata.StreamPrefix + prefix);
        }
        else if (filter.Hidings) throw new ArgumentException("A filter of hiding records names the streams they hide by a prefix.", nameof(filter));
        else expression.Regex = NonSystemStreamsRegex;
        return new ReadOptions.Types.FilterOptions { StreamIdentifier = expression };
    }

    public static ReadOptions.Types.Position Position(GlobalPosition p) => new() { CommitPosition = p.Commit, PreparePosition = p.Prepare };

    private static ReadOptions.Types.AllOptions All(GlobalPosition? from) =>
        from is { } p ? new() { Position = Position(p) } : new() { Start = new Empty() };

    private static ReadOptions Base(ReadDirection direction) => new()
    {
        ReadDirection = direction == ReadDirection.Forwards ? ReadOptions.Types.ReadDirection.Forwards : ReadOptions.Types.ReadDirection.Backwards,
        UuidOption = new ReadOptions.Types.UUIDOption { String = new Empty() },
    };

    /// <summary>The value of an HTTP Basic authorization header.</summary>
    public static string BasicAuthorization(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
