using FluentValidation;
using FluentValidation.Results;
using MediatR;
using RelationsLedger.Application.Commands.Recording;

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
/// <param name="commands">
/// The container's validators of record commands: a command to record is run through the very same validators by them, with
/// the container's memo of the sources that passed (<see cref="CommandValidators.Recording"/>); the same failures, in the same order.
/// </param>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators, CommandValidators? commands = null)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        // Its entry point validated it just before sending it, with what the entry could not read (RequestValidation): once is enough.
        if (RequestValidation.TakePassed(request!)) return await next();
        var failures = request is RecordCommand command && commands is not null ? commands.Validate(command, commands.Recording) : Failures(request);
        if (failures.Count > 0) throw new ValidationException(failures);
        return await next();
    }

    private List<ValidationFailure> Failures(TRequest request)
    {
        // One context for all of the request's validators: a context collects the failures of every validator run with it,
        // so the last result holds them all, in the validators' order. A context per validator cost ~900 bytes each.
        var context = new ValidationContext<TRequest>(request);
        List<ValidationFailure>? failures = null;
        foreach (var validator in validators)
            failures = validator.Validate(context).Errors;
        return failures ?? [];
    }
}
