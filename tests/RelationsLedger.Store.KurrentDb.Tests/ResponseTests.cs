using System.Globalization;
using Google.Protobuf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Mapping;
using RelationsLedger.Store.KurrentDb.Protocol;
using WireEvent = RelationsLedger.Store.KurrentDb.Protocol.ReadResp.Types.ReadEvent.Types.RecordedEvent;

namespace RelationsLedger.Store.KurrentDb.Tests;

public sealed class ResponseTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);

    private static WireEvent Wire(Guid id, string? type = "RelationsEstablished") => new WireEvent
    {
        Id = Uuids.ToDto(id),
        StreamIdentifier = Requests.Stream("relationship-FR~de"),
        StreamRevision = 3,
        CommitPosition = 9000,
        PreparePosition = 8800,
        Metadata =
        {
            ["content-type"] = "application/json",
            ["created"] = (Created.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks).ToString(CultureInfo.InvariantCulture),
        },
        Data = ByteString.CopyFromUtf8("""{"a":1}"""),
        CustomMetadata = ByteString.CopyFromUtf8("""{"hash":"h"}"""),
    }.With(type);

    [Fact]
    public void A_recorded_event_maps_every_field()
    {
        var id = Guid.NewGuid();
        var e = Responses.Event(Wire(id));
        Assert.Equal((id, "relationship-FR~de", 3UL, new GlobalPosition(9000, 8800), "RelationsEstablished"), (e.EventId, e.Stream, e.Revision, e.Position, e.Type));
        Assert.Equal("""{"a":1}"""u8.ToArray(), e.Data.ToArray());
        Assert.Equal("""{"hash":"h"}"""u8.ToArray(), e.Metadata.ToArray());
        Assert.Equal(Created, e.RecordedAt);
        Assert.Equal(TimeSpan.Zero, e.RecordedAt.Offset);
    }

    [Fact]
    public void An_event_without_a_type_is_refused_naming_where_it_is()
    {
        var error = Assert.Throws<InvalidDataException>(() => Responses.Event(Wire(Guid.NewGuid(), type: null)));
        Assert.Contains("revision 3 of stream 'relationship-FR~de'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("yesterday")]
    [InlineData("-5")]
    public void A_bad_created_time_is_refused(string? ticks)
    {
        Assert.Throws<InvalidDataException>(() => Responses.Created("s", ticks));
    }

    [Fact]
    public void Created_is_ticks_since_the_unix_epoch()
    {
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1), Responses.Created("s", "10000000"));
    }

    [Fact]
    public void A_structured_uuid_is_the_rfc_byte_order_split_in_halves()
    {
        var id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var dto = new UUID { Structured = new UUID.Types.Structured { MostSignificantBits = 0x0011223344556677, LeastSignificantBits = unchecked((long)0x8899AABBCCDDEEFF) } };
        Assert.Equal(id, Uuids.FromDto(dto));
        Assert.Equal((0x0011223344556677L, unchecked((long)0x8899AABBCCDDEEFF)), Uuids.ToBits(id));
        Assert.Equal(id, Uuids.FromDto(Uuids.ToDto(id)));
    }

    [Fact]
    public void A_missing_or_malformed_event_id_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => Uuids.FromDto(null));
        Assert.Throws<InvalidDataException>(() => Uuids.FromDto(new UUID { String = "not-a-uuid" }));
    }

    [Fact]
    public void A_successful_append_gives_the_revision_and_the_position()
    {
        var response = new AppendResp { Success = new AppendResp.Types.Success { CurrentRevision = 4, Position = new AppendResp.Types.Position { CommitPosition = 700, PreparePosition = 650 } } };
        Assert.Equal(new Responses.Appended(4, new GlobalPosition(700, 650)), Responses.Append("s", ExpectedRevision.NoStream, response));
    }

    [Fact]
    public void An_append_the_server_recognised_as_a_repeat_may_come_without_a_position()
    {
        var response = new AppendResp { Success = new AppendResp.Types.Success { CurrentRevision = 1, NoPosition = new Empty() } };
        Assert.Equal(new Responses.Appended(1, null), Responses.Append("s", ExpectedRevision.NoStream, response));
    }

    [Fact]
    public void A_wrong_expected_version_becomes_the_ports_concurrency_error_with_the_actual_revision()
    {
        var response = new AppendResp { WrongExpectedVersion = new AppendResp.Types.WrongExpectedVersion { CurrentRevision = 2, ExpectedRevision = 1 } };
        var error = Assert.Throws<WrongExpectedRevisionException>(() => Responses.Append("s", ExpectedRevision.Exact(1), response));
        Assert.Equal(("s", ExpectedRevision.Exact(1), (ulong?)2), (error.Stream, error.Expected, error.Actual));
    }

    [Fact]
    public void A_wrong_expected_version_on_a_missing_stream_has_no_actual_revision()
    {
        var response = new AppendResp { WrongExpectedVersion = new AppendResp.Types.WrongExpectedVersion { CurrentNoStream = new Empty(), ExpectedRevision = 0 } };
        Assert.Null(Assert.Throws<WrongExpectedRevisionException>(() => Responses.Append("s", ExpectedRevision.Exact(0), response)).Actual);
    }

    [Fact]
    public void A_wrong_expected_version_from_an_old_server_uses_the_old_fields()
    {
        var old = new AppendResp.Types.WrongExpectedVersion { CurrentRevision2060 = 9 };
        Assert.Equal(9UL, Responses.ActualRevision(old));
        Assert.Null(Responses.ActualRevision(new AppendResp.Types.WrongExpectedVersion { NoStream2060 = new Empty() }));
    }

    [Fact]
    public void An_empty_append_answer_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => Responses.Append("s", ExpectedRevision.Any, new AppendResp()));
    }

    [Fact]
    public void A_checkpoint_is_a_global_position()
    {
        Assert.Equal(new GlobalPosition(10, 9), Responses.Position(new ReadResp.Types.Checkpoint { CommitPosition = 10, PreparePosition = 9 }));
    }
}

internal static class WireEventExtensions
{
    public static WireEvent With(this WireEvent e, string? type)
    {
        if (type is not null) e.Metadata["type"] = type;
        return e;
    }
}
