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

public sealed class GetMissionsAtLeastValidator(LedgerNow ledger) : OneRuleValidator<GetMissionsAtLeast>
{
    protected override void Check(GetMissionsAtLeast q, OneRule<GetMissionsAtLeast> rule)
    {
        rule.Party(nameof(q.Party), q.Party);
        rule.OneOf<MissionLevel>(nameof(q.MinimumLevel), q.MinimumLevel);
        rule.Day(nameof(q.AsOf), q.AsOf);
        QueryRules.KnownAtNotToCome(ledger, q, rule);
    }
}
