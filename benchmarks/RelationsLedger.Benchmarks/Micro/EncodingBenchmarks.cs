using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// Per-event encoding costs: the event's JSON both ways, the envelope, the hash, and decoding a stored
/// event (what every load, replay and subscriber pays); and a read-model item's JSON both ways (what a rebuild
/// writes per item version and a question reads per row). <c>--filter '*EncodingBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class EncodingBenchmarks
{
    private GeneratedEvent _event = null!;
    private byte[] _data = [];
    private RecordedEvent _recorded = null!;
    private string _stream = "";
    private Designation _item = null!;
    private string _itemJson = "";

    [GlobalSetup]
    public void Setup()
    {
        _event = LongRelationship.FirstDesignation;
        _stream = _event.Key.StreamName;
        _data = EventJson.SerializeData(_event.Event);
        _recorded = LongRelationship.StoredDesignation();
        var imposed = (DesignationImposed)_event.Event;
        _item = new Designation(imposed.Actor, imposed.Counterpart, imposed.List, imposed.Authority, imposed.Reference, _event.EffectiveDate, _event.EventId,
            Ended: new Ending(_event.EffectiveDate, Guid.NewGuid(), "DesignationRemoved", "Supreme Court"));
        _itemJson = JsonSerializer.Serialize(_item, LedgerJson.Contract);
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
    public Envelope DeserializeEnvelope() => Envelope.Deserialize(_recorded.Metadata);

    [Benchmark]
    public LedgerEvent DecodeStored() => LedgerEvent.Decode(_recorded);

    /// <summary>As the read model stores an item (<c>StateItems.Serialize</c>).</summary>
    [Benchmark]
    public byte[] SerializeItem() => JsonSerializer.SerializeToUtf8Bytes(_item, LedgerJson.Contract);

    [Benchmark]
    public Designation DeserializeItem() => JsonSerializer.Deserialize<Designation>(_itemJson, LedgerJson.Contract)!;
}
