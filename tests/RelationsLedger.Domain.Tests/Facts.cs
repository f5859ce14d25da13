using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Tests;

/// <summary>
/// A relationship's record built fact by fact through <see cref="Decide"/>, as the command
/// handler does: each accepted fact is appended in recording order with a later recorded time.
/// </summary>
public sealed class Record(string a = "RU", string b = "taliban")
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<Fact> _facts = [];

    public RelationshipKey Key { get; } = RelationshipKey.Of(a, b);

    public IReadOnlyList<Fact> Facts => _facts;

    /// <summary>The moment the n-th fact (0-based) was recorded.</summary>
    public static DateTimeOffset RecordedAt(int n) => Epoch.AddMinutes(n);

    /// <summary>Proposes a fact; null when accepted (and recorded), else the conflict.</summary>
    public Conflict? Try(string effective, IRelationshipEvent e, out Guid id)
    {
        id = Guid.NewGuid();
        var fact = new Fact(id, PartialDate.Parse(effective), RecordedAt(_facts.Count), _facts.Count, e);
        var conflict = Decide.Check(Key, _facts, fact);
        if (conflict is null) _facts.Add(fact);
        return conflict;
    }

    /// <summary>
    /// A fact proposed, not recorded: the <paramref name="next"/>-th (0-based) after the record's facts, with no recorded time yet
    /// (for the deciders that take proposed facts whole: <see cref="DecideTogether"/>, <see cref="DecisionBasis"/>).
    /// </summary>
    public Fact Proposed(string effective, IRelationshipEvent e, int next = 0) =>
        new(Guid.NewGuid(), PartialDate.Parse(effective), DateTimeOffset.MaxValue, _facts.Count + next, e);

    /// <summary>Records a fact that must be accepted.</summary>
    public Guid Add(string effective, IRelationshipEvent e)
    {
        var conflict = Try(effective, e, out var id);
        Assert.True(conflict is null, $"expected {e.GetType().Name} on {effective} to be accepted: {conflict?.Message}");
        return id;
    }

    /// <summary>Proposes a fact that must be refused, and returns why; nothing is recorded.</summary>
    public Conflict Refused(string effective, IRelationshipEvent e)
    {
        var before = _facts.Count;
        var conflict = Try(effective, e, out _);
        Assert.NotNull(conflict);
        Assert.Equal(before, _facts.Count);
        return conflict;
    }

    public RelationshipState StateAsOf(string day, DateTimeOffset? knownAt = null) =>
        Timeline.StateAsOf(Key, _facts, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), knownAt);
}
