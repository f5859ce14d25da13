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
/// the returned task's fault, as before, not an exception thrown by the call.
/// </remarks>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        // One context for all of the request's validators: a context collects the failures of every validator run with it,
        // so the last result holds them all, in the validators' order. A context per validator cost ~900 bytes each.
        var context = new ValidationContext<TRequest>(request);
        FluentValidation.Results.ValidationResult? result = null;
        foreach (var validator in validators)
            result = validator.Validate(context);
        if (result is { IsValid: false }) throw new ValidationException(result.Errors);
        return await next();
    }
}
