using System.Collections.Immutable;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// Official statements of one party about the other. The state keeps the latest ten; beyond the rules.

/// <summary>How a statement characterises the counterpart.</summary>
public enum Stance { Ally, Partner, Neutral, Hostile }

/// <summary>An official statement by the actor about the counterpart.</summary>
[EventType("StatementMade", 1)]
public sealed record StatementMade(string Actor, string Counterpart, string Speaker, Stance Stance, string Summary) : IDirectionalEvent;

public sealed record Statement(string Actor, string Counterpart, string Speaker, Stance Stance, string Summary, PartialDate On, Guid EventId) : IStateItem;

/// <summary>A statement as of a day: its fields and whether it had certainly been made by then (as <see cref="EngagementView"/>).</summary>
public sealed record StatementView(string Actor, string Counterpart, string Speaker, Stance Stance, string Summary, PartialDate On, Guid EventId, Certainty Certainty)
    : ISingleView
{
    IStateItem ISingleView.Item => new Statement(Actor, Counterpart, Speaker, Stance, Summary, On, EventId);
}

public static class StatementsAspect
{
    /// <summary>How many statements the state keeps: the latest ones.</summary>
    public const int LatestKept = 10;

    public static readonly LatestKind<Statement, StatementView> Kind = new("statements", 11, "Statement", LatestKept)
    {
        View = (s, certainty) => new(s.Actor, s.Counterpart, s.Speaker, s.Stance, s.Summary, s.On, s.EventId, certainty),
        Identity = s => Keys.Of(s.EventId.ToString()),
        Label = s => $"{s.Speaker} · {s.On}",
        Describes = s => $"{s.Speaker} ({s.Actor}) on {s.Counterpart}: {Names.Of(s.Stance)} — {s.Summary}",
        Index = s => new(s.Actor, s.Counterpart),
        Status = s => ("made", s.On),
    };

    extension(RelationshipState s)
    {
        public ImmutableList<Statement> Statements => s.Get(Kind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<StatementView> Statements => v.Sections.Latest(Kind);
    }

    public static readonly Aspect Declared = new("statements", [Kind],
    [
        Transition.AddsLatest<StatementMade, Statement, StatementView>(Kind, (f, e) => new(e.Actor, e.Counterpart, e.Speaker, e.Stance, e.Summary, f.EffectiveDate, f.EventId)),
    ]);
}
