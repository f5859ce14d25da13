using System.Text;
using Google.Protobuf;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Mapping;
using RelationsLedger.Store.KurrentDb.Protocol;
using ReadOptions = RelationsLedger.Store.KurrentDb.Protocol.ReadReq.Types.Options;

namespace RelationsLedger.Store.KurrentDb.Tests;

public sealed class RequestTests
{
    [Fact]
    public void Each_expected_revision_maps_to_its_protocol_option()
    {
        Assert.Equal(AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.Any, Requests.AppendOptions("s", ExpectedRevision.Any).Options.ExpectedStreamRevisionCase);
        Assert.Equal(AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.NoStream, Requests.AppendOptions("s", ExpectedRevision.NoStream).Options.ExpectedStreamRevisionCase);
        Assert.Equal(AppendReq.Types.Options.ExpectedStreamRevisionOneofCase.StreamExists, Requests.AppendOptions("s", ExpectedRevision.StreamExists).Options.ExpectedStreamRevisionCase);
        var exact = Requests.AppendOptions("relationship-FR~de", ExpectedRevision.Exact(41)).Options;
        Assert.Equal(41UL, exact.Revision);
        Assert.Equal("relationship-FR~de", exact.StreamIdentifier.StreamName.ToStringUtf8());
    }

    [Fact]
    public void Append_options_have_the_protocol_field_numbers_on_the_wire()
    {
        // AppendReq.options = 1 { stream_identifier = 1 { stream_name = 3 }, no_stream = 3 {} }
        Assert.Equal([0x0A, 0x07, 0x0A, 0x03, 0x1A, 0x01, (byte)'s', 0x1A, 0x00], Requests.AppendOptions("s", ExpectedRevision.NoStream).ToByteArray());
        // revision = 2 (varint 5)
        Assert.Equal([0x0A, 0x07, 0x0A, 0x03, 0x1A, 0x01, (byte)'s', 0x10, 0x05], Requests.AppendOptions("s", ExpectedRevision.Exact(5)).ToByteArray());
    }

    [Fact]
    public void A_proposed_message_carries_type_content_type_data_envelope_and_the_ledgers_event_id()
    {
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var e = new EventData(id, "RelationsEstablished", Encoding.UTF8.GetBytes("""{"a":1}"""), Encoding.UTF8.GetBytes("""{"$correlationId":"x"}"""));
        var m = Requests.ProposedMessage(e).ProposedMessage;
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", m.Id.String);
        Assert.Equal(new Dictionary<string, string> { ["type"] = "RelationsEstablished", ["content-type"] = "application/json" }, m.Metadata);
        Assert.Equal("""{"a":1}""", m.Data.ToStringUtf8());
        Assert.Equal("""{"$correlationId":"x"}""", m.CustomMetadata.ToStringUtf8());
    }

    [Fact]
    public void A_proposed_message_needs_a_type()
    {
        Assert.Throws<ArgumentException>(() => Requests.ProposedMessage(new EventData(Guid.NewGuid(), " ", new byte[] { 1 }, new byte[] { 1 })));
    }

    [Theory]
    [InlineData(ReadDirection.Forwards, null, "Start")]
    [InlineData(ReadDirection.Backwards, null, "End")]
    [InlineData(ReadDirection.Forwards, 7UL, "Revision")]
    [InlineData(ReadDirection.Backwards, 7UL, "Revision")]
    public void A_stream_read_starts_where_asked(ReadDirection direction, ulong? from, string expected)
    {
        var o = Requests.ReadStream("s", direction, from, 3).Options;
        Assert.Equal(expected, o.Stream.RevisionOptionCase.ToString());
        if (from is { } r) Assert.Equal(r, o.Stream.Revision);
        Assert.Equal(direction == ReadDirection.Forwards ? ReadOptions.Types.ReadDirection.Forwards : ReadOptions.Types.ReadDirection.Backwards, o.ReadDirection);
        Assert.Equal(3UL, o.Count);
        Assert.Equal(ReadOptions.FilterOptionOneofCase.NoFilter, o.FilterOptionCase);
        Assert.Equal(ReadOptions.Types.UUIDOption.ContentOneofCase.String, o.UuidOption.ContentCase);
        Assert.False(o.ResolveLinks);
    }

    [Fact]
    public void A_read_of_all_from_a_position_filters_on_the_stream_prefix_on_the_server()
    {
        var o = Requests.ReadAll(new GlobalPosition(1200, 1100), 10, StreamFilter.Relationships).Options;
        Assert.Equal((1200UL, 1100UL), (o.All.Position.CommitPosition, o.All.Position.PreparePosition));
        Assert.Equal(10UL, o.Count);
        Assert.Equal(["relationship-"], o.Filter.StreamIdentifier.Prefix);
        Assert.Equal("", o.Filter.StreamIdentifier.Regex);
        // The server scans up to this many events a step for the matches (32 with the window "count"): the read's events are the same.
        Assert.Equal(ReadOptions.Types.FilterOptions.WindowOneofCase.Max, o.Filter.WindowCase);
        Assert.Equal(Requests.ReadSearchWindow, o.Filter.Max);
    }

    [Fact]
    public void Without_a_prefix_the_server_filter_excludes_system_streams()
    {
        var o = Requests.ReadAll(null, 5, StreamFilter.All).Options;
        Assert.Equal(ReadOptions.Types.AllOptions.AllOptionOneofCase.Start, o.All.AllOptionCase);
        Assert.Equal("^[^$]", o.Filter.StreamIdentifier.Regex);
        Assert.Matches(o.Filter.StreamIdentifier.Regex, "relationship-FR~de");
        Assert.DoesNotMatch(o.Filter.StreamIdentifier.Regex, "$ce-relationship");
        Assert.DoesNotMatch(o.Filter.StreamIdentifier.Regex, "$$relationship-FR~de");
    }

    [Fact]
    public void A_prefix_naming_system_streams_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Requests.Filter(new StreamFilter("$ce-")));
    }

    [Fact]
    public void The_log_head_is_one_event_read_backwards_from_the_end_of_all_without_system_streams()
    {
        var o = Requests.ReadLastOfAll(StreamFilter.All).Options;
        Assert.Equal(ReadOptions.Types.AllOptions.AllOptionOneofCase.End, o.All.AllOptionCase);
        Assert.Equal(ReadOptions.Types.ReadDirection.Backwards, o.ReadDirection);
        Assert.Equal(ReadOptions.CountOptionOneofCase.Count, o.CountOptionCase);
        Assert.Equal(1UL, o.Count);
        Assert.Equal(Requests.NonSystemStreamsRegex, o.Filter.StreamIdentifier.Regex);
        Assert.Equal(Requests.ReadSearchWindow, o.Filter.Max);
    }

    [Fact]
    public void A_subscription_to_all_asks_for_checkpoints_within_a_search_window()
    {
        var o = Requests.SubscribeToAll(new GlobalPosition(5, 4), StreamFilter.Relationships).Options;
        Assert.Equal(ReadOptions.CountOptionOneofCase.Subscription, o.CountOptionCase);
        Assert.Equal((5UL, 4UL), (o.All.Position.CommitPosition, o.All.Position.PreparePosition));
        Assert.Equal(Requests.SubscriptionSearchWindow, o.Filter.Max);
        Assert.Equal(1U, o.Filter.CheckpointIntervalMultiplier);
        Assert.Equal(ReadOptions.Types.AllOptions.AllOptionOneofCase.Start,
            Requests.SubscribeToAll(null, StreamFilter.All).Options.All.AllOptionCase);
    }

    [Fact]
    public void A_read_request_has_the_protocol_field_numbers_on_the_wire()
    {
        // ReadReq.options = 1 { stream = 1 { stream_identifier = 1 { stream_name = 3 }, start = 3 {} },
        //   count = 5 (varint 2), no_filter = 8 {}, uuid_option = 9 { string = 2 {} }, control_option = 10 { compatibility = 1 (varint 1) } }
        byte[] expected = [0x0A, 0x15, 0x0A, 0x07, 0x0A, 0x03, 0x1A, 0x01, (byte)'s', 0x1A, 0x00, 0x28, 0x02, 0x42, 0x00, 0x4A, 0x02, 0x12, 0x00, 0x52, 0x02, 0x08, 0x01];
        Assert.Equal(expected, Requests.ReadStream("s", ReadDirection.Forwards, null, 2).ToByteArray());
    }

    [Fact]
    public void Basic_authorization_encodes_user_and_password()
    {
        Assert.Equal("Basic YWRtaW46Y2hhbmdlaXQ=", Requests.BasicAuthorization("admin", "changeit"));
    }
}
