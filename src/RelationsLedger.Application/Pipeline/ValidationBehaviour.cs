using FluentValidation;
using MediatR;

namespace RelationsLedger.Application.Pipeline;

/// <summary>
/// Runs every validator of a request before its handler; on any failure throws one
/// <see cref="ValidationException"/> listing each field's error, and the handler never runs.
/// </summary>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
            failures.AddRange((await validator.ValidateAsync(request, cancellationToken)).Errors);
        if (failures.Count > 0) throw new ValidationException(failures);
        return await next();
    }
}
