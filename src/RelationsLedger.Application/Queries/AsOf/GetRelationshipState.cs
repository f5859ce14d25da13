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
public sealed record GetRelationshipState(string PartyA, string PartyB, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<RelationshipStateView>, IKnownAtQuestion;

/// <remarks>Its rules are one rule over the question (<see cref="OneRule{T}"/>): the same failures, in the same order.</remarks>
public sealed class GetRelationshipStateValidator : AbstractValidator<GetRelationshipState>
{
    public GetRelationshipStateValidator(LedgerNow ledger) =>
        RuleFor(q => q).Custom((q, context) =>
        {
            var rule = new OneRule<GetRelationshipState>(context);
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
public sealed record ReplayRelationshipState(string PartyA, string PartyB, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<RelationshipStateView>, IKnownAtQuestion;

/// <remarks>Its rules are one rule over the question (<see cref="OneRule{T}"/>): the same failures, in the same order.</remarks>
public sealed class ReplayRelationshipStateValidator : AbstractValidator<ReplayRelationshipState>
{
    public ReplayRelationshipStateValidator(LedgerNow ledger) =>
        RuleFor(q => q).Custom((q, context) =>
        {
            var rule = new OneRule<ReplayRelationshipState>(context);
            rule.TwoParties(nameof(q.PartyA), q.PartyA, nameof(q.PartyB), q.PartyB);
            rule.Day(nameof(q.AsOf), q.AsOf);
            QueryRules.KnownAtNotToCome(ledger, q, context);
        });
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
