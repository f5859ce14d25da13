using RelationsLedger.Application.Integrity;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Storage;

/// <summary>Everything recorded in one relationship's stream, in recording order.</summary>
public sealed record RelationshipHistory(RelationshipKey Key, IReadOnlyList<LedgerEvent> Events)
{
    private readonly IReadOnlyList<Fact>? _facts;
    private readonly DecisionBasis? _previousBasis;
    private readonly Func<Guid, int?>? _index;
    private DecisionBasis? _basis;
    private IReadOnlyList<Fact>? _madeFacts;

    /// <summary>A cached history: facts decoded once, the basis of a shorter history to extend, an index of event ids.</summary>
    internal RelationshipHistory(RelationshipKey key, IReadOnlyList<LedgerEvent> events, IReadOnlyList<Fact> facts, DecisionBasis? previousBasis, Func<Guid, int?> index)
        : this(key, events) => (_facts, _previousBasis, _index) = (facts, previousBasis, index);

    public int Count => Events.Count;

    public ExpectedRevision Expected => ExpectedRevision.After(Events.Count == 0 ? null : Events[^1].Recorded.Revision);

    public string? LastHash => Events.Count == 0 ? null : Events[^1].Envelope.Hash;

    /// <summary>The events as the domain's facts: decoded once per history (its basis and its callers read the same list).</summary>
    public IReadOnlyList<Fact> Facts => _facts ?? (_madeFacts ??= Events.Select(e => e.ToFact()).ToList());

    /// <summary>What a decision needs to know about this history; built once, or extended from a shorter history's.</summary>
    public DecisionBasis Basis => _basis ??= _previousBasis?.Extend(Facts) ?? DecisionBasis.Of(Key, Facts);

    internal DecisionBasis? BasisIfBuilt => _basis ?? _previousBasis;

    public LedgerEvent? Find(Guid eventId) =>
        _index is not null
            ? _index(eventId) is { } i && i < Events.Count ? Events[i] : null
            : Events.FirstOrDefault(e => e.EventId == eventId);
}
