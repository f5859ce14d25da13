using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Rules;

/// <summary>
/// One relationship's recorded events decided again in recording order, as the ledger decided them when it recorded
/// them — for the import, which must record nothing a command would refuse, and for <c>verify</c>, which names a
/// stored event the ledger would never have recorded.
/// <para>
/// Each event is decided on the record before it (<see cref="Decide.Check(DecisionBasis, Fact)"/>). A batch decides its
/// items on a relationship together (<see cref="DecideTogether"/>): an on/off pair back-filled into a history is
/// consistent only as a whole, and each of its events alone is refused. The record does not say which events a batch
/// wrote, but a batch gives its items one correlation id; so an event refused on its own is decided again together with
/// the events after it in the stream that share its correlation id (the run ends where the correlation does). A run
/// that separately recorded commands share a correlation id in is accepted as well: each was accepted on the record
/// before it, so together they add no contradiction either.
/// </para>
/// Every event joins the record whatever the decision, as the ledger read it when deciding the next one. An event beyond the
/// rules (<see cref="Domain.Decisions.Rules.IsUnconstrained"/>: a statement, an engagement, a pledge) joins it, once settled, as its fact
/// with the stream's first event of its type in place of its own: no decision reads what such an event says, only its type,
/// id, date and place (<see cref="Transition.Unconstrained"/>), and a verifier keeps every relationship's record to the end
/// of the log (round 43 of issue #16; docs/performance.md). An event under the rules is kept, once settled, with a pool's copy
/// of each of its texts when the reader gives one (<see cref="EventTexts"/>; round 45).
/// </summary>
/// <typeparam name="TTag">What the caller names an event by in a refusal (an import's line, a verifier's link).</typeparam>
public sealed class StreamDecisions<TTag>(RelationshipKey key, IReadOnlyList<Fact> recorded, DecisionBasis basis)
{
    /// <param name="texts">The pool the texts of the events kept are taken from: one for a whole log's relationships.</param>
    internal StreamDecisions(RelationshipKey key, DecisionBasis basis, TextPool texts) : this(key, [], basis) => _texts = texts;

    private readonly List<Fact> _facts = [.. recorded];

    private readonly TextPool? _texts;

    /// <summary>The basis of the record before an open run: a run's events are folded on once it is decided.</summary>
    private DecisionBasis _basis = basis;

    /// <summary>The first event of each type beyond the rules met in the stream, kept in place of every later one's own (<see cref="Settled"/>).</summary>
    private readonly Dictionary<Type, IRelationshipEvent> _standIns = [];

    private readonly List<TTag> _runTags = [];
    private Guid _runCorrelation;
    private Conflict? _aloneConflict;

    /// <summary>Whether a refused event waits for the rest of its run (its correlation id) before it is settled.</summary>
    private bool RunOpen => _runTags.Count > 0;

    /// <returns>
    /// The refusals settled by this event: those of a run it ends (it has another correlation id), then its own when it
    /// is decided; an event refused on its own opens a run and is settled when the run ends (<see cref="End"/>).
    /// </returns>
    public List<(TTag Tag, Fact Fact, Conflict Conflict)> Add(Fact fact, Guid correlationId, TTag tag)
    {
        var settled = RunOpen && correlationId != _runCorrelation ? End() : [];
        if (!RunOpen && Decide.Check(_basis, fact) is { } conflict)
            (_runCorrelation, _aloneConflict) = (correlationId, conflict);
        if (_aloneConflict is not null)
        {
            _facts.Add(fact); // whole until its run is decided: deciding a run reads each of its events (DecideTogether)
            _runTags.Add(tag);
        }
        else
        {
            _facts.Add(Settled(fact));
            _basis = _basis.Extend(_facts);
        }
        return settled;
    }

    /// <summary>Settles an open run (no more events of the stream, or one of another correlation id follows): its refusals.</summary>
    public List<(TTag Tag, Fact Fact, Conflict Conflict)> End()
    {
        if (!RunOpen) return [];
        var first = _facts.Count - _runTags.Count;
        var run = _facts.GetRange(first, _runTags.Count);
        var refusals = run.Count == 1
            ? [(_runTags[0], run[0], _aloneConflict!)]
            : DecideTogether.Check(key, _facts.GetRange(0, first), run).Select(r => (_runTags[r.Index], run[r.Index], r.Conflict)).ToList();
        for (var i = first; i < _facts.Count; i++) _facts[i] = Settled(_facts[i]);
        _runTags.Clear();
        _aloneConflict = null;
        _basis = _basis.Extend(_facts);
        return refusals;
    }

    /// <summary>
    /// The form a decided fact is kept in: itself (its event with the pool's texts, when there is a pool), or for an event beyond
    /// the rules the same fact over the stream's stand-in of its type.
    /// </summary>
    private Fact Settled(Fact fact)
    {
        if (!Domain.Decisions.Rules.IsUnconstrained(fact.Event))
        {
            if (_texts is null) return fact;
            var pooled = EventTexts.Pooled(fact.Event, _texts);
            return ReferenceEquals(pooled, fact.Event) ? fact : fact with { Event = pooled };
        }
        var type = fact.Event.GetType();
        if (_standIns.TryGetValue(type, out var standIn)) return ReferenceEquals(standIn, fact.Event) ? fact : fact with { Event = standIn };
        _standIns[type] = fact.Event;
        return fact;
    }
}
