using FluentValidation;
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

public sealed class GetDesignationsByValidator : AbstractValidator<GetDesignationsBy>
{
    public GetDesignationsByValidator(LedgerNow ledger)
    {
        RuleFor(q => q.Party).Party();
        RuleFor(q => q.AsOf).Day();
        this.KnownAtNotToCome(ledger);
    }
}

public sealed class GetDesignationsOfValidator : AbstractValidator<GetDesignationsOf>
{
    public GetDesignationsOfValidator(LedgerNow ledger)
    {
        RuleFor(q => q.Party).Party();
        RuleFor(q => q.AsOf).Day();
        this.KnownAtNotToCome(ledger);
    }
}
