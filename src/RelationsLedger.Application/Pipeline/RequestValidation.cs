using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;

namespace RelationsLedger.Application.Pipeline;

/// <summary>
/// Every error at once: when an entry point could not read some of a request's input itself (a moment that is
/// not a moment, a query parameter that is not a number), the request is still checked by its validators with
/// what could be read, and all the failures are reported together.
/// </summary>
public static class RequestValidation
{
    /// <summary>Throws one <see cref="ValidationException"/> with <paramref name="edge"/>'s failures and the request's own; returns when there are none.</summary>
    public static async Task ThrowIfInvalidAsync(IServiceProvider services, object request, IReadOnlyCollection<ValidationFailure> edge, CancellationToken ct = default)
    {
        var failures = new List<ValidationFailure>(edge);
        var validatorType = typeof(IValidator<>).MakeGenericType(request.GetType());
        foreach (var validator in services.GetServices(validatorType).Cast<IValidator>())
        {
            var context = (IValidationContext)Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(request.GetType()), request)!;
            failures.AddRange((await validator.ValidateAsync(context, ct)).Errors.Where(f => edge.All(e => e.PropertyName != f.PropertyName)));
        }
        if (failures.Count > 0) throw new ValidationException(failures);
    }
}
