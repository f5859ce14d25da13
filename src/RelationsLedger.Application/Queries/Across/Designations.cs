using MediatR;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.Across;

/// <summary>Which parties <paramref name="Party"/> designates (on any list) as of a day.</summary>
public sealed record GetDesignationsBy(string Party, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<AcrossView<Designation>>, IKnownAtQuestion;

/// <summary>Who designates <paramref name="Party"/> (on any list) as of a day.</summary>
public sealed record GetDesignationsOf(string Party, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<AcrossView<Designation>>, IKnownAtQuestion;

public sealed class GetDesignationsByValidator(LedgerNow ledger) : OneRuleValidator<GetDesignationsBy>
{
    protected override void Check(GetDesignationsBy q, OneRule<GetDesignationsBy> rule)
    {
        rule.Party(nameof(q.Party), q.Party);
        rule.Day(nameof(q.AsOf), q.AsOf);
        QueryRules.KnownAtNotToCome(ledger, q, rule);
    }
}

public sealed class GetDesignationsOfValidator(LedgerNow ledger) : OneRuleValidator<GetDesignationsOf>
{
    protected override void Check(GetDesignationsOf q, OneRule<GetDesignationsOf> rule)
    {
        rule.Party(nameof(q.Party), q.Party);
        rule.Day(nameof(q.AsOf), q.AsOf);
        QueryRules.KnownAtNotToCome(ledger, q, rule);
    }
}
