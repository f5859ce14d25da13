using MediatR;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.AsOf;

/// <summary>
/// The state of the relationship of A and B as of a day, optionally as known at a moment.
/// Answered from the persisted read models (RelationsLedger.Projections, registered by <c>AddProjections</c>).
/// </summary>
public sealed record GetRelationshipState(string PartyA, string PartyB, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<RelationshipStateView>, IStateQuestion;

public sealed class GetRelationshipStateValidator(LedgerNow ledger) : StateQuestionValidator<GetRelationshipState>(ledger);

/// <summary>A question of a relationship's state as of a day (from the read model, or replayed): both are checked alike.</summary>
public interface IStateQuestion : IKnownAtQuestion
{
    string PartyA { get; }
    string PartyB { get; }
    string AsOf { get; }
}

/// <summary>
/// The rules of a state question (<see cref="OneRule{T}"/>): two different parties, a whole day, a known-at moment not still to
/// come — the same failures, in the same order, as the field rules they were written as.
/// </summary>
public abstract class StateQuestionValidator<T>(LedgerNow ledger) : OneRuleValidator<T> where T : IStateQuestion
{
    protected override void Check(T q, OneRule<T> rule)
    {
        rule.TwoParties(nameof(q.PartyA), q.PartyA, nameof(q.PartyB), q.PartyB);
        rule.Day(nameof(q.AsOf), q.AsOf);
        QueryRules.KnownAtNotToCome(ledger, q, rule);
    }
}

/// <summary>
/// The same question answered by folding the relationship's whole stream: the reference answer
/// (oracle) the read models must equal, and an audit path that trusts nothing but the log.
/// A separate request so that it never competes with the read-model handler of <see cref="GetRelationshipState"/>.
/// </summary>
public sealed record ReplayRelationshipState(string PartyA, string PartyB, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<RelationshipStateView>, IStateQuestion;

public sealed class ReplayRelationshipStateValidator(LedgerNow ledger) : StateQuestionValidator<ReplayRelationshipState>(ledger);

public sealed class ReplayRelationshipStateHandler(RelationshipRepository repository) : IRequestHandler<ReplayRelationshipState, RelationshipStateView>
{
    public async Task<RelationshipStateView> Handle(ReplayRelationshipState query, CancellationToken cancellationToken)
    {
        var key = RelationshipKey.Of(query.PartyA, query.PartyB);
        var history = await repository.LoadAsync(key, cancellationToken);
        var asOf = QueryRules.ParseDay(query.AsOf);
        return RelationshipStateView.Of(Timeline.StateAsOf(key, history.Facts, asOf, query.KnownAt), asOf, query.KnownAt);
    }
}
