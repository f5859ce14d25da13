using FluentValidation;
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

public sealed class GetRelationshipStateValidator : AbstractValidator<GetRelationshipState>
{
    public GetRelationshipStateValidator(LedgerNow ledger) => StateQuestionRule.Add(this, ledger);
}

/// <summary>A question of a relationship's state as of a day (from the read model, or replayed): both are checked alike.</summary>
public interface IStateQuestion : IKnownAtQuestion
{
    string PartyA { get; }
    string PartyB { get; }
    string AsOf { get; }
}

/// <summary>
/// The rules of a state question as one rule over the question (<see cref="OneRule{T}"/>): two different parties, a whole day,
/// a known-at moment not still to come — the same failures, in the same order, as the field rules they were written as.
/// </summary>
internal static class StateQuestionRule
{
    public static void Add<T>(AbstractValidator<T> validator, LedgerNow ledger) where T : IStateQuestion =>
        validator.RuleFor(q => q).Custom((q, context) =>
        {
            var rule = new OneRule<T>(context);
            rule.TwoParties(nameof(q.PartyA), q.PartyA, nameof(q.PartyB), q.PartyB);
            rule.Day(nameof(q.AsOf), q.AsOf);
            QueryRules.KnownAtNotToCome(ledger, q, context);
        });
}

/// <summary>
/// The same question answered by folding the relationship's whole stream: the reference answer
/// (oracle) the read models must equal, and an audit path that trusts nothing but the log.
/// A separate request so that it never competes with the read-model handler of <see cref="GetRelationshipState"/>.
/// </summary>
public sealed record ReplayRelationshipState(string PartyA, string PartyB, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<RelationshipStateView>, IStateQuestion;

public sealed class ReplayRelationshipStateValidator : AbstractValidator<ReplayRelationshipState>
{
    public ReplayRelationshipStateValidator(LedgerNow ledger) => StateQuestionRule.Add(this, ledger);
}

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
