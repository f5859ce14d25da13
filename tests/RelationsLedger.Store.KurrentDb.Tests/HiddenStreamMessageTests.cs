using Grpc.Core;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.KurrentDb.Connection;
using RelationsLedger.Store.KurrentDb.Mapping;

namespace RelationsLedger.Store.KurrentDb.Tests;

/// <summary>
/// What <see cref="StreamHiddenException"/> tells an operator, made without a server: 'ledger verify' reads the
/// relationship streams only, so it names what is missing there and nowhere else — not in the ledger's own streams on
/// KurrentDB (an event id's reservation, the ledger's identity), whose message says what to do instead. The live
/// hidings are HiddenReservationTests and HiddenIdentityTests (they need a server).
/// </summary>
public sealed class HiddenStreamMessageTests
{
    private const string VerifyNames = "'ledger verify' names what is missing";

    private static readonly string Reservation = EventIdReservations.StreamOf(Guid.Parse("6f1c3a52-0d6e-4b39-9a57-2d2f54c1e0aa"));

    private static StreamHiddenException Tombstoned(string stream) => Assert.IsType<StreamHiddenException>(ServerErrors.Map(
        new RpcException(new Status(StatusCode.FailedPrecondition, "d"), new Metadata { { "exception", "stream-deleted" }, { "stream-name", stream } }),
        new KurrentDbEndpoint("10.1.2.3", 2113), "x", default));

    [Fact]
    public void A_hidden_relationship_stream_is_left_to_verify()
    {
        var message = Tombstoned("relationship-FR~DE").Message;
        Assert.EndsWith(VerifyNames + ".", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tombstoned_reservation_or_identity_does_not_send_the_operator_to_verify()
    {
        foreach (var stream in new[] { Reservation, LedgerIdentityStream.Stream })
        {
            var message = Tombstoned(stream).Message;
            Assert.DoesNotContain(VerifyNames, message, StringComparison.Ordinal);
            Assert.Contains($"'ledger verify' does not read {stream}", message, StringComparison.Ordinal);
            Assert.Contains("A tombstone cannot be undone", message, StringComparison.Ordinal);
        }
        Assert.Contains("record the change under a new command id", Tombstoned(Reservation).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_soft_deleted_reservation_or_identity_does_not_send_the_operator_to_verify()
    {
        // Built as the store builds them when an append finds the stream written again past revision 0 (HiddenReservationTests, HiddenIdentityTests).
        var reservation = new StreamHiddenException(new HiddenStream(Reservation, EventIdReservations.HiddenBefore(1))).Message;
        var identity = new StreamHiddenException(new HiddenStream(LedgerIdentityStream.Stream, LedgerIdentityStream.HiddenBefore(1))).Message;
        Assert.DoesNotContain(VerifyNames, reservation, StringComparison.Ordinal);
        Assert.DoesNotContain(VerifyNames, identity, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_says_how_a_hidden_reservation_or_identity_is_shown_again()
    {
        var truncated = StreamMetadata.Hides("""{"$tb":1}"""u8)!; // another client's metadata, as the store reads it
        var reservation = HiddenStreamRefusal.Of(new HiddenStream(Reservation, truncated)).Message;
        var identity = HiddenStreamRefusal.Of(new HiddenStream(LedgerIdentityStream.Stream, LedgerIdentityStream.HiddenBefore(1))).Message;
        foreach (var message in new[] { reservation, identity })
        {
            Assert.DoesNotContain(VerifyNames, message, StringComparison.Ordinal);
            Assert.Contains("write the stream's metadata again without what hides it", message, StringComparison.Ordinal);
        }
        Assert.Contains("The event id is refused in every relationship until the reservation reads whole", reservation, StringComparison.Ordinal);
        Assert.Contains("Events are still recorded", identity, StringComparison.Ordinal);
        // A relationship stream's refusal is left to verify, with nothing added.
        Assert.Equal(new StreamHiddenException(new HiddenStream("relationship-FR~DE", truncated)).Message,
            HiddenStreamRefusal.Of(new HiddenStream("relationship-FR~DE", truncated)).Message);
    }
}
