using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro seal [--commands C] [--rounds R]</c>: what sealing costs each event of <c>macro pipeline</c>'s own ledger (the same
/// spec), in the calling thread's CPU time (the figure load inflates least), by part: the event's JSON (the contract's
/// reflection-described serializer), the hash, and the whole seal (catalogue, JSON, hash, envelope and its JSON). The parts run
/// in turn, R rounds, after two untimed rounds; each part's median round is printed, and what each allocated an event.
/// </summary>
public static class SealScenario
{
    public static Task RunAsync(Options o)
    {
        var commands = o.Int("commands", 8_000);
        var rounds = Measure.RoundsOption(o);
        var events = PipelineScenario.OwnLedger(o, commands);
        var data = events.Select(e => EventJson.SerializeData(e.Event)).ToArray();
        var parts = new (string Name, Func<int> Run)[]
        {
            ("event JSON", () => events.Sum(e => EventJson.SerializeData(e.Event).Length)),
            ("hash", () =>
            {
                var n = 0;
                for (var i = 0; i < events.Count; i++)
                {
                    var (e, p) = (events[i], events[i].Provenance);
                    var entry = EventCatalogue.Of(e.Event);
                    n += EventHash.Compute(e.Key.StreamName, e.EventId, entry.Name, entry.Version, e.EffectiveDate, p.RecordedBy, p.Sources,
                        p.CorrelationId, p.CausationId, data[i], null, p.RecordedThrough).Length;
                }
                return n;
            }),
            ("whole seal", () => events.Sum(e => RelationshipRepository.Seal(e.Key.StreamName, e.EventId, e.Event, e.EffectiveDate, e.Provenance, null).Data.Data.Length)),
        };
        Measure.Rounds(parts.Select(p => (p.Name, (Action)(() => p.Run()))).ToList(), rounds, untimed: 2, events.Count, micro: false);
        return Task.CompletedTask;
    }
}
