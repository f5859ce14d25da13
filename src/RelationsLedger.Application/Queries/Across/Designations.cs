using FluentValidation;
using MediatR;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Queries.Across;

/// <summary>Which parties <paramref name="Party"/> designates (on any list) as of a day.</summary>
public sealed record GetDesignationsBy(string Party, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<AcrossView<Designation>>;

/// <summary>Who designates <paramref name="Party"/> (on any list) as of a day.</summary>
public sealed record GetDesignationsOf(string Party, string AsOf, DateTimeOffset? KnownAt = null) : IRequest<AcrossView<Designation>>;

public sealed class GetDesignationsByValidator : AbstractValidator<GetDesignationsBy>
{
    public GetDesignationsByValidator()
    {
        RuleFor(q => q.Party).Party();
        RuleFor(q => q.AsOf).Day();
    }
}

public sealed class GetDesignationsOfValidator : AbstractValidator<GetDesignationsOf>
{
    public GetDesignationsOfValidator()
    {
        RuleFor(q => q.Party).Party();
        RuleFor(q => q.AsOf).Day();
    }
}
