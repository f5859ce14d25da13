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
        List<FluentValidation.Results.ValidationFailure>? failures = null;
        foreach (var validator in validators)
            if (validator.Validate(new ValidationContext<TRequest>(request)) is { IsValid: false } result)
                (failures ??= []).AddRange(result.Errors);
        if (failures is not null) throw new ValidationException(failures);
        return await next();
    }
}
