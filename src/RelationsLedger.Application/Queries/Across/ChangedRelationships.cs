using RelationsLedger.Application.Commands.Recording;
using MediatR;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Queries.Across;

/// <summary>
/// Every relationship with a fact that took effect between two days (inclusive; effective time),
/// as known at a moment (null: now). Mends count by what they make the record say, not by when
/// they were recorded: a fact corrected out of the window leaves it.
/// </summary>
public sealed record GetChangedRelationships(string From, string To, DateTimeOffset? KnownAt = null) : IRequest<ChangedRelationshipsView>, IKnownAtQuestion;

/// <summary>One fact that changed a relationship inside the window; possible when its partial date straddles an edge.</summary>
public sealed record ChangeView(Guid EventId, string Type, PartialDate EffectiveDate, Certainty Certainty, DateTimeOffset RecordedAt);

public sealed record RelationshipChanges(string Relationship, IReadOnlyList<ChangeView> Changes);

public sealed record ChangedRelationshipsView(string From, string To, DateTimeOffset? KnownAt, IReadOnlyList<RelationshipChanges> Relationships)
{
    public ReadModelFreshness? ReadModel { get; init; }
}

public sealed class GetChangedRelationshipsValidator(LedgerNow ledger) : OneRuleValidator<GetChangedRelationships>
{
    protected override void Check(GetChangedRelationships q, OneRule<GetChangedRelationships> rule)
    {
        rule.Day(nameof(q.From), q.From);
        rule.Day(nameof(q.To), q.To);
        if (QueryRules.TryParseDay(q.From, out var from) && QueryRules.TryParseDay(q.To, out var to))
            rule.Must(from <= to, nameof(q.To), q.To, "'{PropertyName}' must be on or after 'from'.");
        QueryRules.KnownAtNotToCome(ledger, q, rule);
    }
}
