using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Tests.Contract;

/// <summary>
/// An event sealed for the store and decoded again is the same event with the same envelope, for every type in
/// the catalogue (mends too, with a replacement of every type): the history cache keeps the values it sealed
/// rather than decoding what it wrote, which is right only while this holds.
/// </summary>
public sealed class SealRoundTripTests
{
    private static readonly Provenance Provenance = new(
        "analyst ✓ — Zoë 北京 𝄞", [new Source("Reuters", "A \"quoted\" title\n", "https://example.org/a?b=c&d", "ref\\1", PartialDate.OfMonth(2021, 8))],
        Guid.NewGuid(), Guid.NewGuid());

    private static IEnumerable<IRelationshipEvent> EveryType(Random rng)
    {
        foreach (var type in RandomEvents.Types)
        {
            var e = RandomEvents.Of(type, rng, "RU", "taliban");
            yield return e;
            yield return new EntryCorrected(Guid.NewGuid(), "a typo", rng.Next(2) == 0 ? null : PartialDate.OfYear(2003), e);
        }
        yield return new EntryCorrected(Guid.NewGuid(), "only the date", PartialDate.Parse("2003-02-14"), null);
        yield return new EntryRetracted(Guid.NewGuid(), "recorded in error");
    }

    [Fact]
    public void Every_event_type_sealed_and_decoded_is_the_same_event_with_the_same_envelope()
    {
        var rng = new Random(20261130);
        var checkedTypes = new HashSet<string>();
        for (var round = 0; round < 20; round++)
        foreach (var e in EveryType(rng))
        {
            var eventId = Guid.NewGuid();
            var (data, hash) = RelationshipRepository.Seal("relationship-RU~taliban", eventId, e, PartialDate.OfMonth(2021, 8), Provenance, "previous");
            var decoded = LedgerEvent.Decode(new RecordedEvent(eventId, "relationship-RU~taliban", 3, GlobalPosition.Of(9), data.Type, data.Data, data.Metadata, DateTimeOffset.UnixEpoch));

            Assert.Equal(e, decoded.Event);
            Assert.Equal(hash, decoded.Envelope.Hash);
            Assert.Equal("previous", decoded.Envelope.PreviousHash);
            Assert.Equal(PartialDate.OfMonth(2021, 8), decoded.Envelope.EffectiveDate);
            Assert.Equal(Provenance.RecordedBy, decoded.Envelope.RecordedBy);
            Assert.Equal(Provenance.Sources, decoded.Envelope.Sources);
            Assert.Equal((Provenance.CorrelationId, Provenance.CausationId), (decoded.Envelope.CorrelationId, decoded.Envelope.CausationId));
            checkedTypes.Add(data.Type);
        }
        Assert.Equal(EventCatalogue.All.Select(x => x.Name).Distinct().Order(), checkedTypes.Order());
    }
}
