using BenchmarkDotNet.Attributes;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Queries.AsOf;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// What an entry point's first check of a question costs (<see cref="RequestValidation"/>: the CLI's question, every API
/// query): the state of a relationship as of a day, as `ledger state US CU --as-of 1980-01-01` asks it.
/// <c>--filter '*QuestionValidationBenchmarks*'</c>
/// </summary>
/// <remarks>
/// <see cref="AsynchronousPath"/> is the check as it was before round 49 (FluentValidation's asynchronous path, a context made
/// by reflection), kept here only to measure against.
/// </remarks>
[MemoryDiagnoser]
public class QuestionValidationBenchmarks
{
    private readonly IServiceProvider _services = new ServiceCollection().AddRelationsLedger().BuildServiceProvider();
    private readonly GetRelationshipState _question = new("US", "CU", "1980-01-01");

    [Benchmark(Baseline = true)]
    public async Task<int> AsynchronousPath()
    {
        var failures = 0;
        foreach (var validator in _services.GetServices(typeof(IValidator<>).MakeGenericType(_question.GetType())).Cast<IValidator>())
        {
            var context = (IValidationContext)Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(_question.GetType()), _question)!;
            failures += (await validator.ValidateAsync(context)).Errors.Count;
        }
        return failures;
    }

    [Benchmark]
    public int ThrowIfInvalid()
    {
        RequestValidation.ThrowIfInvalid(_services, _question, []);
        return 0;
    }
}
