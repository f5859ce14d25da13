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

    /// <summary>A rule that counts how many times it has been run.</summary>
    public sealed class CountedRules : AbstractValidator<SampleRequest>
    {
        private int _runs;
        public int Runs => _runs;
        public CountedRules() => RuleFor(r => r.Name).Must(_ => Interlocked.Increment(ref _runs) > 0);
    }
}
