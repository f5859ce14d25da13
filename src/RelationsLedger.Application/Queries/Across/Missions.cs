using FluentValidation;
using MediatR;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.Across;

/// <summary>
/// Where <paramref name="Party"/> has a mission of at least <paramref name="MinimumLevel"/>
/// (kebab-case, e.g. <c>legation</c>; embassy is the greatest level) as of a day.
/// </summary>
public sealed record GetMissionsAtLeast(string Party, string MinimumLevel, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<AcrossView<Mission>>, IKnownAtQuestion;

public sealed class GetMissionsAtLeastValidator : AbstractValidator<GetMissionsAtLeast>
{
    public GetMissionsAtLeastValidator(LedgerNow ledger)
    {
        RuleFor(q => q.Party).Party();
        RuleFor(q => q.MinimumLevel).OneOf<GetMissionsAtLeast, MissionLevel>();
        RuleFor(q => q.AsOf).Day();
        this.KnownAtNotToCome(ledger);
    }
}
