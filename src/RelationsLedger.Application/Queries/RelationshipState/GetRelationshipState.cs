using FluentValidation;
using MediatR;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.RelationshipState;

/// <summary>The state of the relationship of A and B as of a day, optionally as known at a moment.</summary>
public sealed record GetRelationshipState(string PartyA, string PartyB, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<RelationshipStateView>;

public sealed class GetRelationshipStateValidator : AbstractValidator<GetRelationshipState>
{
    public GetRelationshipStateValidator()
    {
        this.TwoParties(q => q.PartyA, q => q.PartyB);
        RuleFor(q => q.AsOf).Day();
    }
}

/// <summary>Answers by folding the relationship's stream: the reference answer the read models must equal.</summary>
public sealed class GetRelationshipStateByReplay(RelationshipRepository repository) : IRequestHandler<GetRelationshipState, RelationshipStateView>
{
    public async Task<RelationshipStateView> Handle(GetRelationshipState query, CancellationToken cancellationToken)
    {
        var key = RelationshipKey.Of(query.PartyA, query.PartyB);
        var history = await repository.LoadAsync(key, cancellationToken);
        var asOf = QueryRules.ParseDay(query.AsOf);
        return RelationshipStateView.Of(Timeline.StateAsOf(key, history.Facts, asOf, query.KnownAt), asOf, query.KnownAt);
    }
}
