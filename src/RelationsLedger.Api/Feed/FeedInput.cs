using Microsoft.AspNetCore.Http;
using RelationsLedger.Api.Errors;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Api.Feed;

/// <summary>The feed's parameters, checked one by one: each bad value is a 400 naming its parameter.</summary>
public static class FeedInput
{
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>
    /// The request's one <c>Last-Event-ID</c>, or null. Given more than once — two header lines, or one line holding a comma list,
    /// HTTP's way of joining them (no <c>id:</c> the stream sends holds a comma) — it is refused saying so, as a query
    /// parameter given twice is (<see cref="QueryRules.GivenMoreThanOnce"/>), and null is returned. Bound as a string, the
    /// values were joined with a comma and refused quoting a value no one wrote (<c>'Last-Event-ID' must be a global position
    /// … '15,16' is not.</c>).
    /// </summary>
    public static string? LastEventId(IHeaderDictionary headers, Dictionary<string, string[]> errors)
    {
        var lines = headers[LastEventIdHeader];
        if (lines.Count == 0) return null;
        var values = lines.Count == 1 && !lines[0]!.Contains(',', StringComparison.Ordinal)
            ? null
            : lines.SelectMany(line => (line ?? "").Split(',', StringSplitOptions.TrimEntries)).ToList();
        if (values is null) return lines[0];
        errors[LastEventIdHeader] = [$"{QueryRules.GivenMoreThanOnce(LastEventIdHeader, values)} Nothing was sent."];
        return null;
    }

    private static readonly HashSet<string> EventTypes = EventCatalogue.All.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Where to start: <c>Last-Event-ID</c> when the client reconnects (it wins over <c>after</c>), else <c>after</c>, else the
    /// start. Either is a position, or an event's stream id <c>position@eventId</c> (<see cref="EventToken"/>), whose position is read here.
    /// An <c>after</c> given empty (<c>?after=</c>, a consumer's unset checkpoint) is refused, not read as the start: the whole log again.
    /// </summary>
    public static bool TryStart(FeedStart from, Dictionary<string, string[]> errors, out GlobalPosition? start)
    {
        start = null;
        var (field, text) = from.Field;
        if (text is null) return true;
        if (text.Length == 0)
        {
            errors[field] = [$"'{field}' is empty: give a position from the feed (a page's lastPosition, or the id: of an event the stream sent), " +
                $"or leave '{field}' out to read from the start of the log."];
            return false;
        }
        var written = SplitToken(text).Position;
        if (GlobalPosition.TryParse(written, out var position))
        {
            start = position;
            return true;
        }
        if (GlobalPosition.IsWrittenAsPosition(written)) // of a position's form, and yet not read as one: too large
        {
            errors[field] = [$"'{field}' {EchoedText.Quote(written)} is beyond the largest position there is, {ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)} (2^64-1): " +
                "it is not a position this ledger's feed gave out."];
            return false;
        }
        errors[field] = [$"'{field}' must be a global position from the feed (a number, or commit/prepare), or an event's id: from the stream " +
            $"(position@eventId); {EchoedText.Quote(text)} is not."];
        return false;
    }

    /// <summary>An event's <c>id:</c> in the stream: its position, <c>@</c>, its eventId — so a browser's reconnect (which sends it back as <c>Last-Event-ID</c>) is checked as <c>afterEventId</c> is.</summary>
    public static string EventToken(RecordedEvent e) => $"{e.Position}@{e.EventId:D}";

    private static (string Position, string? EventId) SplitToken(string text) =>
        text.IndexOf('@') is var at and >= 0 ? (text[..at], text[(at + 1)..]) : (text, null);

    /// <summary>
    /// <see cref="TryStart"/>, and a position the log has not reached is refused: a client resuming from it
    /// would otherwise wait past every event recorded until the log grows beyond it, and miss them all. So is one
    /// inside the log at which no event is (the feed gives out only events' positions): on KurrentDB the server
    /// cannot read from there at all, and on either store it is no checkpoint of this log. With
    /// <c>afterEventId</c>, <c>after</c> must still hold that event: a log put back from an older copy and recorded
    /// into since (or a KurrentDB node reset) holds other events, or none, at the positions after its end, and a
    /// client resuming there would skip them; that check is the one named then, as it says why.
    /// </summary>
    /// <returns>Where to start, and the event there (null at the start of the log, where none is).</returns>
    public static async Task<(GlobalPosition? After, Guid? EventThere)> StartAsync(FeedStart from, IEventStore store, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        // Last-Event-ID wins over the query's start, which is still read: a bad 'after' or 'afterEventId' is a 400 naming it, as
        // without the header, not left unread (a browser's reconnect sends the URL its first request was answered with).
        if (!string.IsNullOrEmpty(from.LastEventId) && (from.After is not null || from.AfterEventId is not null))
        {
            var query = @from with { LastEventId = null };
            ExpectedEvent(query, errors);
            if (!errors.ContainsKey(query.Field.Name)) TryStart(query, errors, out _);
        }
        var expected = ExpectedEvent(from, errors);
        if (errors.ContainsKey(from.Field.Name) || !TryStart(from, errors, out var start) || start is not { } position) return (null, null);
        var head = await store.HeadAsync(ct);
        var field = from.Field.Name;
        // The start of the log (0) is where a feed without a position starts, and holds no event on either store: never beyond
        // the end, even of a log with no event yet (a consumer whose first checkpoint is 0 was refused until the first event).
        var beyond = position != GlobalPosition.Start && (head is not { } h || position > h);
        var at = beyond || position == GlobalPosition.Start ? null : await store.ReadAtAsync(position, ct);
        // Read from a follower that trails the leader, the checkpoint's event may not be there yet: refused as another log's,
        // it stopped a consumer handed over from another read replica for good (round 44: 3 of 60 such checkpoints on a cluster).
        if (at is null && position != GlobalPosition.Start && store is IReadsFromFollowers { ReadsMayTrail: true } trailing
            && await trailing.ReadAtOnLeaderAsync(position, ct) is { } onLeader && (expected is not { } checkpoint || checkpoint.Id == onLeader.EventId))
            throw new FeedBehindException(position, head);
        // The checkpoint's event elsewhere in this log (the ledger made again from an export): said before any guess at why its
        // position holds another event or none — read as a scavenge's removal (another client's hidings since), it sent the consumer
        // on from the last event before the position, past events of the new log it never had. So also when the position holds an
        // event the feed never gives out (on KurrentDB every relationship event follows its id reservation): answered as a checkpoint
        // taken from a reader of the whole log, a consumer of the old log's feed was told that, and not where its event is now.
        var moved = expected is ({ } wanted, _) && at?.EventId != wanted
            ? await MovedCheckpoint.FindAsync(store, wanted, ct)
            : null;
        // Asked only of a start no event is at (always refused): the store reads every position to tell; KurrentDB's hidden
        // streams are read only when it is not the embedded store's deleted rows.
        var noEvent = at is null && position != GlobalPosition.Start && moved is null;
        var deleted = noEvent ? await DeletedAtAsync(store, position, ct) : null;
        var removed = noEvent && deleted is null
            ? await RemovedCheckpoint.ExplainAsync(store, position, expected is ({ } e, var by) ? $"'{by}' names event {e:D} at {position}: no event is there now" : $"'{field}' {position}: no event is at this position in the log now", ct)
            : null;
        if (moved is not null)
            errors[expected!.Value.Field] = [MovedCheckpoint.Explain(expected.Value.Field, expected.Value.Id, position, at, moved)];
        else if (at is not null && !StreamFilter.Relationships.Matches(at.Stream))
            errors[expected?.Field ?? field] = [NotTheFeeds(expected?.Field ?? field, position, at)];
        else if (removed is not null)
            errors[expected?.Field ?? field] = [removed];
        else if (deleted is { } run)
            errors[expected?.Field ?? field] = [(expected is ({ } gone, var named) ? $"'{named}' names event {gone:D} at {position}, which" : $"'{field}' {position}: its event") +
                " was deleted from the store file (the log shows " +
                $"{(run.First == run.Last ? $"position {run.First}" : $"positions {run.First}–{run.Last}")} empty; 'ledger verify' " +
                "names them). Nothing after it is sent: to go on with what is left, without the deleted events, resume from " +
                $"'after' {run.First - 1}, the last position before them."];
        else if (expected is ({ } id, var named) && at?.EventId != id)
            errors[named] = [$"{NotThere(named, id, position, at)} " + (beyond ? EndsBefore(head) : WrittenSince)];
        else if (beyond)
            errors[field] = [$"'{field}' {position} is beyond the end of the log ({LogEnd(head)}): it is not a position this ledger's feed gave out."];
        else if (at is null && position != GlobalPosition.Start)
            errors[field] = [$"'{field}' {position} is not a position this ledger's feed gave out: no event is at this position in the log (its last position is {head}). " +
                "Resume from an event's position: a page's lastPosition, or the id: of an event the stream sent."];
        // The event there, named or not: a page that reads nothing past its start (a filter's empty page at the end of the log)
        // names it as its lastEventId and in its next link, so the checkpoint a consumer keeps from it is a checked one (before,
        // 'after' without 'afterEventId' answered lastEventId null, and the next page's resume was by position alone).
        return errors.ContainsKey(AfterEventId) || errors.ContainsKey(field) ? (null, null) : (start, at?.EventId);
    }

    private const string AfterEventId = "afterEventId";

    /// <summary>Why a checked checkpoint's position holds another event, or none inside the log, and what to do.</summary>
    private const string WrittenSince = "This log is not the one the checkpoint was taken from (a store put back from an older copy and recorded into since, " +
        "another ledger's store, or a KurrentDB node reset?): nothing after it is sent; resume from a checkpoint of this log.";

    /// <summary>
    /// The same for a checked checkpoint beyond the log's end, which says where the log ends, as the refusal of a plain position
    /// there does. Before round 66 it was told as <see cref="WrittenSince"/> — "recorded into since", of a copy that was not, and
    /// without the log's end: the checked form, the one the feed's own links and ids give, said less than the plain one.
    /// </summary>
    private static string EndsBefore(GlobalPosition? head) =>
        $"The log ends before it ({LogEnd(head)}): this log is not the one the checkpoint was taken from " +
        "(a store put back from a copy older than the checkpoint, another ledger's store, or a KurrentDB node reset?), and the events the consumer " +
        "handled after its end are not in it. Nothing after it is sent; resume from a checkpoint of this log.";

    private static string LogEnd(GlobalPosition? head) => head is null ? "it is empty" : $"its last position is {head}";

    /// <summary>How a refusal of a checkpoint's event starts: the field, the event it names, and what its position holds instead.</summary>
    internal static string NotThere(string named, Guid id, GlobalPosition position, RecordedEvent? at) =>
        $"'{named}' {(named == AfterEventId ? $"{id:D} is not the event at 'after' {position}" : $"names event {id:D} at {position}, which is not there")}: {(at is null ? "no event is there" : $"{at.EventId:D} is")}.";

    /// <summary>
    /// A checkpoint at an event the feed never gives out — on KurrentDB an event id reservation, the ledger's identity or another
    /// application's event, all in the store's global log ($all) beside the relationship streams — taken from a reader of the whole
    /// log, not from this feed. Before round 56 it was taken as a start (the reservation's position and eventId answered 200): a
    /// checkpoint no consumer of the feed could hold passed for one of this log.
    /// </summary>
    private static string NotTheFeeds(string field, GlobalPosition position, RecordedEvent at) =>
        $"'{field}' {position} is the position of an event of the stream {EchoedText.Quote(at.Stream)} ({EchoedText.Quote(at.Type)}, {at.EventId:D}), " +
        "which the ledger's feed does not give out: it sends only the events of relationship streams ('relationship-…'), and this one is " +
        Whose(at.Stream) +
        ". The checkpoint was taken from another reader of the store's whole log, not from this feed: nothing was sent; resume from a position the feed " +
        "gave out (a page's lastPosition, or the id: of an event the stream sent).";

    /// <summary>What a stream that is not a relationship's is, as the refusal of a checkpoint at its event says it.</summary>
    private static string Whose(string stream) =>
        stream.StartsWith(StoreOwnStreamsPrefix, StringComparison.Ordinal) ? "the store's own bookkeeping (an event id reservation or the ledger's identity)"
        : stream.StartsWith(HidingRecord.MetadataStreamPrefix, StringComparison.Ordinal) ? "a stream's metadata, a system stream of KurrentDB (where the feed crosses one " +
            "that hides a relationship's events, a page names it in hiddenStreams, with its position — a place in the log, not a checkpoint)"
        : stream.StartsWith('$') ? "a system stream of KurrentDB (its statistics, scavenges, settings or projections), which no reader of the ledger is given"
        : "not the ledger's";

    /// <summary>The streams KurrentDB's store writes beside the relationships (its event id reservations, the ledger's identity).</summary>
    private const string StoreOwnStreamsPrefix = "relationsledger-";

    /// <summary>
    /// The run of positions the store's log shows empty that holds <paramref name="position"/> (rows deleted from the embedded
    /// store's file: docs/audit.md, "Positions left empty"), or null: a position the feed gave out, whose event is gone.
    /// </summary>
    /// <remarks>Its words stay short between quotes: a message's quoted run over 200 characters is cut (<c>EchoedText</c>).</remarks>
    private static async Task<(ulong First, ulong Last)?> DeletedAtAsync(IEventStore store, GlobalPosition position, CancellationToken ct)
    {
        if (position.Commit != position.Prepare) return null; // the embedded store's positions are one number
        await foreach (var h in ICountsPositions.Of(store, ct))
            if (h.EmptyPositions is { } run && run.First <= position.Commit && position.Commit <= run.Last) return run;
        return null;
    }

    /// <summary>
    /// The event a client says is at its start, and the field that names it: the eventId in a <c>position@eventId</c>
    /// <c>Last-Event-ID</c> (a reconnect, which wins over <c>after</c>; a plain position there is not checked), else in
    /// <c>after</c>, else <c>afterEventId</c> (the two must agree when both are given).
    /// </summary>
    private static (Guid Id, string Field)? ExpectedEvent(FeedStart from, Dictionary<string, string[]> errors)
    {
        var (field, text) = from.Field;
        var inToken = string.IsNullOrEmpty(text) ? null : SplitToken(text).EventId;
        Guid? tokenId = null;
        if (inToken is not null)
        {
            if (!UuidText.TryParse(inToken, out var parsed))
            {
                errors[field] = [$"'{field}' {EchoedText.Quote(text)} names its event after '@' by an eventId (a UUID in the form {UuidText.Form}); {EchoedText.Quote(inToken)} is not one."];
                return null;
            }
            tokenId = parsed;
        }
        if (!string.IsNullOrEmpty(from.LastEventId)) return tokenId is { } reconnect ? (reconnect, field) : null;
        if (from.AfterEventId is null) return tokenId is { } t ? (t, field) : null; // given empty, it is refused as no UUID: not an unchecked resume
        if (!UuidText.TryParse(from.AfterEventId, out var id))
            errors[AfterEventId] = [$"'{AfterEventId}' must be the eventId (a UUID in the form {UuidText.Form}) of the event at 'after'; {EchoedText.Quote(from.AfterEventId)} is not."];
        else if (string.IsNullOrEmpty(from.After))
            errors[AfterEventId] = [$"'{AfterEventId}' names the event at 'after': give 'after' too."];
        else if (tokenId is { } named && named != id)
            errors[AfterEventId] = [$"'{AfterEventId}' {id:D} is not the event 'after' names ({named:D}): give one of them, or the same."];
        else
            return (id, AfterEventId);
        return null;
    }

    public static FeedFilter Filter(string? stream, string? type, Dictionary<string, string[]> errors)
    {
        if (stream is not null && !RelationshipKey.TryParseStream(stream, out _))
            errors["stream"] = [$"'stream' must be a relationship stream such as relationship-RU~taliban (parties in canonical order); '{stream}' is not."];
        HashSet<string>? types = null;
        if (type is not null)
        {
            var names = CommaSeparated.Names(type, "type", out var emptyItem);
            types = names?.ToHashSet(StringComparer.Ordinal);
            if (emptyItem is not null)
                errors["type"] = [emptyItem];
            // Given but naming no type ('type=', 'type=,'): not every type, as left out would be, nor none (its next link read as every type).
            else if (types!.Count == 0)
                errors["type"] = [$"'type' names no event type ({EchoedText.Quote(type)}): give one or more, comma-separated, or leave 'type' out for every type."];
            else if (types.Where(t => !EventTypes.Contains(t)).ToList() is { Count: > 0 } unknown)
                errors["type"] = [$"Unknown event type {string.Join(", ", unknown.Select(u => $"'{u}'"))}; the types are {string.Join(", ", EventTypes.Order(StringComparer.Ordinal))}."];
        }
        return new(stream, types);
    }

    /// <summary>Read here, not by the framework, so that a limit that is not a number is a problem naming 'limit' like any other.</summary>
    public static int Limit(string? limit, int max, Dictionary<string, string[]> errors)
    {
        if (limit is null) return Math.Min(100, max); // given empty, it is refused below as no number
        // ASCII digits only, as positions: .NET's parsing also takes trailing NUL characters ("2\0" as 2).
        if (limit.All(char.IsAsciiDigit) && int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
        errors["limit"] = [$"'limit' must be a whole number between 1 and {max}; '{limit}' is not."];
        return 1;
    }

    /// <summary>The relationship of two parties named in a path, or a 400 naming the bad party.</summary>
    public static IResult? Relationship(string a, string b, out RelationshipKey? key)
    {
        key = null;
        var errors = new Dictionary<string, string[]>();
        if (!PartyId.IsValid(a)) errors["a"] = [$"'a' {PartyId.Explain(a)}."];
        if (!PartyId.IsValid(b)) errors["b"] = [$"'b' {PartyId.Explain(b)}."];
        if (errors.Count == 0 && a == b) errors["b"] = ["'b' must be a different party from 'a'."];
        if (errors.Count > 0) return Problems.Validation(errors);
        key = RelationshipKey.Of(a, b);
        return null;
    }
}

/// <summary>Where a client asks the feed to start: a reconnect's <c>Last-Event-ID</c>, or <c>after</c> and the event it says is there.</summary>
public sealed record FeedStart(string? LastEventId, string? After, string? AfterEventId)
{
    /// <summary>The position given, by the name the client gave it under (<c>Last-Event-ID</c> wins over <c>after</c>).</summary>
    public (string Name, string? Text) Field => !string.IsNullOrEmpty(LastEventId) ? (FeedInput.LastEventIdHeader, LastEventId) : ("after", After);
}
