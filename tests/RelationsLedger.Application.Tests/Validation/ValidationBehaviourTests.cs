using FluentValidation;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// The behaviour runs validators synchronously (FluentValidation's asynchronous path costs every command a third more):
/// a refusal must still reach the caller as the task's fault with every validator's failures, the handler must not run,
/// and a validator with an asynchronous rule must fail loudly rather than be skipped.
/// </summary>
public sealed class ValidationBehaviourTests
{
    [Fact]
    public async Task A_refusal_is_the_tasks_fault_with_every_validators_failures_and_the_handler_never_runs()
    {
        var handled = false;
        var behaviour = new ValidationBehaviour<SampleRequest, int>([new SampleRequest.NameRules(), new SampleRequest.CountRules()]);
        var task = behaviour.Handle(new SampleRequest("", 0), default, () => { handled = true; return Task.FromResult(1); });
        var refused = await Assert.ThrowsAsync<ValidationException>(() => task);
        // Lower-cased: the ledger sets FluentValidation's global name resolver to the JSON names when it is set up, which
        // another test of this run may have done first.
        Assert.Equal(["name", "count"], refused.Errors.Select(e => e.PropertyName.ToLowerInvariant()));
        Assert.False(handled);
    }

    [Fact]
    public async Task A_failure_of_an_earlier_validator_refuses_the_request_when_the_last_one_passes()
    {
        // The validators share one context: the last one's result must still hold what the first one found.
        var handled = false;
        var behaviour = new ValidationBehaviour<SampleRequest, int>([new SampleRequest.NameRules(), new SampleRequest.CountRules()]);
        var task = behaviour.Handle(new SampleRequest("", 1), default, () => { handled = true; return Task.FromResult(1); });
        var refused = await Assert.ThrowsAsync<ValidationException>(() => task);
        Assert.Equal(["name"], refused.Errors.Select(e => e.PropertyName.ToLowerInvariant()));
        Assert.False(handled);
    }

    [Fact]
    public async Task A_valid_request_reaches_its_handler()
    {
        var behaviour = new ValidationBehaviour<SampleRequest, int>([new SampleRequest.NameRules(), new SampleRequest.CountRules()]);
        Assert.Equal(7, await behaviour.Handle(new SampleRequest("x", 1), default, () => Task.FromResult(7)));
    }

    [Fact]
    public async Task An_asynchronous_rule_is_never_skipped()
    {
        var behaviour = new ValidationBehaviour<SampleRequest, int>([new SampleRequest.AsynchronousRules()]);
        await Assert.ThrowsAsync<AsyncValidatorInvokedSynchronouslyException>(() => behaviour.Handle(new SampleRequest("x", 1), default, () => Task.FromResult(1)));
    }
}
