using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;

namespace RelationsLedger.Application.Pipeline;

/// <summary>
/// Every error at once: when an entry point could not read some of a request's input itself (a moment that is
/// not a moment, a query parameter that is not a number), the request is still checked by its validators with
/// what could be read, and all the failures are reported together.
/// </summary>
/// <remarks>
/// Synchronously, as <see cref="ValidationBehaviour{TRequest,TResponse}"/> runs the same validators: none has an asynchronous
/// rule (FluentValidation would throw <see cref="AsyncValidatorInvokedSynchronouslyException"/> for one), and the asynchronous
/// path cost every question a state machine per rule and, on a cold start, the JIT of FluentValidation's asynchronous code.
/// </remarks>
public static class RequestValidation
{
    /// <summary>Throws one <see cref="ValidationException"/> with <paramref name="edge"/>'s failures and the request's own; returns when there are none.</summary>
    public static void ThrowIfInvalid(IServiceProvider services, object request, IReadOnlyCollection<ValidationFailure> edge)
    {
        var failures = new List<ValidationFailure>(edge);
        var validatorType = typeof(IValidator<>).MakeGenericType(request.GetType());
        foreach (var validator in services.GetServices(validatorType).Cast<IValidator>())
        {
            var context = (IValidationContext)Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(request.GetType()), request)!;
            var result = validator.Validate(context);
            failures.AddRange(result.Errors.Where(f => edge.All(e => e.PropertyName != f.PropertyName)));
        }
        if (failures.Count > 0) throw new ValidationException(failures);
    }
}
