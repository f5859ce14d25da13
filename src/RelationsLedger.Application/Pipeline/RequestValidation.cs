using System.Runtime.CompilerServices;
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
/// <para>
/// Validated once: a request that passes here is sent next, and <see cref="ValidationBehaviour{TRequest,TResponse}"/> does not
/// run the same validators on it again (<see cref="TakePassed"/>). Before, a CLI question was validated here and then again in
/// MediatR's pipeline, and so was an API question (docs/performance.md, round 61).
/// </para>
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
        Passed.AddOrUpdate(request, Marker);
    }

    /// <summary>
    /// Whether <paramref name="request"/> — this very object, not an equal one — passed <see cref="ThrowIfInvalid"/> and has not been
    /// taken since: true once. A request sent again, or a copy made after (a batch given its key's name), is validated again.
    /// </summary>
    internal static bool TakePassed(object request) => Passed.Remove(request);

    // Keyed by the request object (a table of weak references: one never sent is let go with it). The validators a request passed
    // here are the container's, the ones the pipeline's behaviour would run: validators are singletons of the container both use.
    private static readonly ConditionalWeakTable<object, object> Passed = new();
    private static readonly object Marker = new();
}
