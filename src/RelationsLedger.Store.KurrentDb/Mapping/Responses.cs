using System.Globalization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Protocol;
using WireEvent = RelationsLedger.Store.KurrentDb.Protocol.ReadResp.Types.ReadEvent.Types.RecordedEvent;

namespace RelationsLedger.Store.KurrentDb.Mapping;

/// <summary>Maps the protocol's responses to the store port's types.</summary>
internal static class Responses
{
    /// <summary>An append the server accepted: the stream's last revision and, when the server gave it, its position.</summary>
    public readonly record struct Appended(ulong Revision, GlobalPosition? Position);

    public static RecordedEvent Event(WireEvent e)
    {
        var stream = e.StreamIdentifier?.StreamName.ToStringUtf8() ?? throw new InvalidDataException("The server sent an event without a stream name.");
        if (!e.Metadata.TryGetValue("type", out var type))
            throw new InvalidDataException($"The event at revision {e.StreamRevision} of stream '{stream}' has no 'type' metadata.");
        return new RecordedEvent(
            Uuids.FromDto(e.Id),
            stream,
            e.StreamRevision,
            new GlobalPosition(e.CommitPosition, e.PreparePosition),
            type,
            e.Data.ToByteArray(),
            e.CustomMetadata.ToByteArray(),
            Created(stream, e.Metadata.GetValueOrDefault("created")));
    }

    /// <summary>What a tombstone (<see cref="Application.Storage.Tombstone"/>) hides, as <see cref="Application.Storage.HiddenStream.How"/> says it.</summary>
    public const string TombstoneHides = "the stream was deleted for good on the server (a tombstone): none of its events can be read";

    /// <summary>
    /// The server's <c>created</c> metadata: 100-nanosecond ticks since the Unix epoch, UTC, set by
    /// the server when it wrote the event.
    /// </summary>
    public static DateTimeOffset Created(string stream, string? ticks)
    {
        if (!long.TryParse(ticks, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sinceEpoch)
            || sinceEpoch < 0 || sinceEpoch > DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks)
            throw new InvalidDataException($"An event of stream '{stream}' has a 'created' time '{ticks}' that is not ticks since 1970.");
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + sinceEpoch, TimeSpan.Zero);
    }

    public static GlobalPosition Position(ReadResp.Types.Checkpoint c) => new(c.CommitPosition, c.PreparePosition);

    /// <summary>
    /// The outcome of an append: success, or <see cref="WrongExpectedRevisionException"/> carrying
    /// the stream's actual last revision (null when it does not exist).
    /// </summary>
    public static Appended Append(string stream, ExpectedRevision expected, AppendResp response)
    {
        switch (response.ResultCase)
        {
            case AppendResp.ResultOneofCase.Success:
                var success = response.Success;
                if (success.CurrentRevisionOptionCase != AppendResp.Types.Success.CurrentRevisionOptionOneofCase.CurrentRevision)
                    throw new InvalidDataException($"The server accepted an append to '{stream}' but reported no revision for it.");
                GlobalPosition? position = success.PositionOptionCase == AppendResp.Types.Success.PositionOptionOneofCase.Position
                    ? new GlobalPosition(success.Position.CommitPosition, success.Position.PreparePosition)
                    : null;
                return new(success.CurrentRevision, position);
            case AppendResp.ResultOneofCase.WrongExpectedVersion:
                throw new WrongExpectedRevisionException(stream, expected, ActualRevision(response.WrongExpectedVersion));
            default:
                throw new InvalidDataException($"The server answered an append to '{stream}' with neither success nor a wrong expected version.");
        }
    }

    /// <summary>The stream's revision from a wrong-expected-version answer; servers before 20.6 fill only the old fields.</summary>
    public static ulong? ActualRevision(AppendResp.Types.WrongExpectedVersion w) => w.CurrentRevisionOptionCase switch
    {
        AppendResp.Types.WrongExpectedVersion.CurrentRevisionOptionOneofCase.CurrentRevision => w.CurrentRevision,
        AppendResp.Types.WrongExpectedVersion.CurrentRevisionOptionOneofCase.CurrentNoStream => null,
        _ => w.CurrentRevisionOption2060Case == AppendResp.Types.WrongExpectedVersion.CurrentRevisionOption2060OneofCase.CurrentRevision2060
            ? w.CurrentRevision2060
            : null,
    };
}
