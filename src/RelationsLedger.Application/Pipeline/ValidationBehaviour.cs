using FluentValidation;
using MediatR;

namespace RelationsLedger.Application.Pipeline;

/// <summary>
/// Runs every validator of a request before its handler; on any failure throws one
/// <see cref="ValidationException"/> listing each field's error, and the handler never runs.
/// </summary>
/// <remarks>
/// Synchronously: no validator has an asynchronous rule (they check a request's own fields, never the store; FluentValidation
/// throws <see cref="AsyncValidatorInvokedSynchronouslyException"/> for one, so a rule added later cannot be skipped), and
/// FluentValidation's asynchronous path costs every command about a third more than the rules themselves. A refusal is still
/// the returned task's fault, as before, not an exception thrown by the call. Not an async method: the handler's task is
/// returned as it is, with no state machine of this behaviour's around it.
/// </remarks>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    // The behaviour is one per request type (a singleton), as its validators are: listed once, not enumerated per request.
    private readonly IValidator<TRequest>[] _validators = [.. validators];

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        try
        {
            // One context for all of the request's validators: a context collects the failures of every validator run with it,
            // so the last result holds them all, in the validators' order. A context per validator cost ~900 bytes each.
            var context = new ValidationContext<TRequest>(request);
            FluentValidation.Results.ValidationResult? result = null;
            foreach (var validator in _validators)
                result = validator.Validate(context);
            if (result is { IsValid: false }) throw new ValidationException(result.Errors);
        }
        catch (Exception refused)
        {
            return Task.FromException<TResponse>(refused);
        }
        return next();
    }
}
