using FluentValidation;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>A request of two fields and validators of each, for the tests of how validators are run (not of the ledger's rules).</summary>
public sealed record SampleRequest(string Name, int Count)
{
    public sealed class NameRules : AbstractValidator<SampleRequest>
    {
        public NameRules() => RuleFor(r => r.Name).NotEmpty();
    }

    public sealed class CountRules : AbstractValidator<SampleRequest>
    {
        public CountRules() => RuleFor(r => r.Count).GreaterThan(0);
    }

    /// <summary>A rule FluentValidation can only run asynchronously: the ledger runs validators synchronously, so this must fail loudly.</summary>
    public sealed class AsynchronousRules : AbstractValidator<SampleRequest>
    {
        public AsynchronousRules() => RuleFor(r => r.Name).MustAsync((_, _) => Task.FromResult(true));
    }
}
