using BenchmarkDotNet.Attributes;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// Per-event encoding costs: the event's JSON both ways, the envelope, the hash, and decoding a stored
/// event (what every load, replay and subscriber pays). <c>--filter '*EncodingBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class EncodingBenchmarks
{
    private GeneratedEvent _event = null!;
    private byte[] _data = [];
    private RecordedEvent _recorded = null!;
    private string _stream = "";

    [GlobalSetup]
    public void Setup()
    {
        _event = LongRelationship.Events.First(e => e.Event is DesignationImposed);
        _stream = _event.Key.StreamName;
        _data = EventJson.SerializeData(_event.Event);
        var (sealedEvent, _) = RelationshipRepository.Seal(_stream, _event.EventId, _event.Event, _event.EffectiveDate, _event.Provenance, new string('a', 64));
        _recorded = new RecordedEvent(_event.EventId, _stream, 42, GlobalPosition.Of(4242), sealedEvent.Type, sealedEvent.Data, sealedEvent.Metadata, DateTimeOffset.UtcNow);
    }

    [Benchmark]
    public byte[] SerializeEvent() => EventJson.SerializeData(_event.Event);

    [Benchmark]
    public IRelationshipEvent DeserializeEvent() => EventJson.DeserializeData("DesignationImposed", 1, _data);

    [Benchmark]
    public string ComputeHash()
    {
        var p = _event.Provenance;
        return EventHash.Compute(_stream, _event.EventId, "DesignationImposed", 1, _event.EffectiveDate, p.RecordedBy, p.Sources,
            p.CorrelationId, p.CausationId, _data, null);
    }

    [Benchmark]
    public EventData Seal() =>
        RelationshipRepository.Seal(_stream, _event.EventId, _event.Event, _event.EffectiveDate, _event.Provenance, null).Data;

    [Benchmark]
    public Envelope DeserializeEnvelope() => Envelope.Deserialize(_recorded.Metadata.Span);

    [Benchmark]
    public LedgerEvent DecodeStored() => LedgerEvent.Decode(_recorded);
}
