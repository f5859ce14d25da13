using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// An entry point's first check of a request (<see cref="RequestValidation"/>): synchronous since round 49, so what it must
/// still do is what it did — every validator of the request's own type run on it, the entry point's own failures first and
/// never said twice for a field, and a validator with an asynchronous rule failing loudly rather than being skipped.
/// </summary>
public sealed class RequestValidationTests
{
    /// <summary>
    /// The ledger's services (which set FluentValidation's global name resolver to the contract's names, as every entry point
    /// runs with) and the sample's validators. Without the ledger's, a field's name depended on whether another test had set
    /// the ledger up first: run alone, the validator named "Count" and the entry point "count", and the field was named twice.
    /// </summary>
    private static ServiceProvider With(params IValidator<SampleRequest>[] validators)
    {
        var services = new ServiceCollection().AddRelationsLedger();
        foreach (var validator in validators) services.AddSingleton(validator);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Every_validators_failures_come_after_the_entry_points_own_and_a_field_it_named_is_not_named_again()
    {
        using var services = With(new SampleRequest.NameRules(), new SampleRequest.CountRules());
        ValidationFailure[] edge = [new("count", "'count' is not a number.")];
        var refused = Assert.Throws<ValidationException>(() => RequestValidation.ThrowIfInvalid(services, new SampleRequest("", 0), edge));
        Assert.Equal(["count", "name"], refused.Errors.Select(e => e.PropertyName));
        Assert.Equal("'count' is not a number.", refused.Errors.First().ErrorMessage);
    }

    [Fact]
    public void The_entry_points_own_failures_alone_refuse_a_request_its_validators_pass()
    {
        using var services = With(new SampleRequest.NameRules(), new SampleRequest.CountRules());
        var refused = Assert.Throws<ValidationException>(() => RequestValidation.ThrowIfInvalid(services, new SampleRequest("x", 1), [new("at", "'at' is not a moment.")]));
        Assert.Equal(["at"], refused.Errors.Select(e => e.PropertyName));
    }

    [Fact]
    public void A_request_every_validator_passes_is_let_through()
    {
        using var services = With(new SampleRequest.NameRules(), new SampleRequest.CountRules());
        RequestValidation.ThrowIfInvalid(services, new SampleRequest("x", 1), []);
    }

    [Fact]
    public void An_asynchronous_rule_is_never_skipped()
    {
        using var services = With(new SampleRequest.AsynchronousRules());
        Assert.Throws<AsyncValidatorInvokedSynchronouslyException>(() => RequestValidation.ThrowIfInvalid(services, new SampleRequest("x", 1), []));
    }

    /// <summary>
    /// Validated once (round 61): an entry point checks a request, then sends it, and MediatR's behaviour does not run the same
    /// validators on that object again — but does on a request it is sent a second time, and on an equal one never checked.
    /// Fails on the code before it (the behaviour ran them again: 2 runs, then 3).
    /// </summary>
    [Fact]
    public async Task A_request_that_passed_is_not_validated_again_by_the_pipeline_but_once_more_when_sent_again()
    {
        var counted = new SampleRequest.CountedRules();
        using var services = With(counted);
        var behaviour = new ValidationBehaviour<SampleRequest, int>(services.GetServices<IValidator<SampleRequest>>());
        var request = new SampleRequest("x", 1);

        RequestValidation.ThrowIfInvalid(services, request, []);
        Assert.Equal(7, await behaviour.Handle(request, default, () => Task.FromResult(7)));
        Assert.Equal(1, counted.Runs);

        await behaviour.Handle(request, default, () => Task.FromResult(7)); // sent again, not checked again by its entry point
        Assert.Equal(2, counted.Runs);
        await behaviour.Handle(request with { }, default, () => Task.FromResult(7)); // an equal request, another object
        Assert.Equal(3, counted.Runs);
    }

    [Fact]
    public async Task A_request_refused_at_its_entry_point_and_sent_anyway_is_refused_by_the_pipeline()
    {
        using var services = With(new SampleRequest.NameRules());
        var request = new SampleRequest("", 1);
        Assert.Throws<ValidationException>(() => RequestValidation.ThrowIfInvalid(services, request, []));
        var behaviour = new ValidationBehaviour<SampleRequest, int>(services.GetServices<IValidator<SampleRequest>>());
        await Assert.ThrowsAsync<ValidationException>(() => behaviour.Handle(request, default, () => Task.FromResult(7)));
    }
}
