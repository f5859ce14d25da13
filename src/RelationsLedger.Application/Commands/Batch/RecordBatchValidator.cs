using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;

namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// Every item checked by its own command's validators before anything is decided, each failure named by its item
/// (<c>commands[3].effectiveDate</c>, <c>line 4.sources[0].publisher</c>); and the batch itself: not empty, within
/// <see cref="BatchLimits.MaxItems"/>, no command id given twice (a batch is decided as a whole, so one id cannot be two
/// of its commands, nor the same one twice).
/// </summary>
public sealed class RecordBatchValidator : AbstractValidator<RecordBatch>
{
    public RecordBatchValidator(IServiceProvider services)
    {
        RuleFor(b => b.Items).NotEmpty().WithMessage("the batch is empty: give at least one command.")
            .Must(items => items.Count <= BatchLimits.MaxItems)
            .WithMessage(b => $"the batch has {b.Items.Count} commands; a batch may have at most {BatchLimits.MaxItems}. Split it.")
            .OverridePropertyName("batch");
        RuleFor(b => b).CustomAsync(async (batch, context, ct) =>
        {
            if (batch.Items.Count > BatchLimits.MaxItems) return;
            foreach (var item in batch.Items)
                foreach (var failure in await ValidateAsync(services, item, ct))
                    context.AddFailure(new ValidationFailure($"{item.Label}.{failure.PropertyName}", failure.ErrorMessage));
            foreach (var same in batch.Items.GroupBy(i => i.Command.CommandId).Where(g => g.Count() > 1))
                foreach (var item in same.Skip(1))
                    context.AddFailure(new ValidationFailure($"{item.Label}.commandId",
                        $"command id {same.Key} is given to {same.First().Label} as well; each command of a batch needs its own id."));
        });
    }

    private static async Task<IEnumerable<ValidationFailure>> ValidateAsync(IServiceProvider services, BatchItem item, CancellationToken ct)
    {
        var type = item.Command.GetType();
        var failures = new List<ValidationFailure>();
        foreach (var validator in services.GetServices(typeof(IValidator<>).MakeGenericType(type)).Cast<IValidator>())
        {
            var context = (IValidationContext)Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(type), item.Command)!;
            failures.AddRange((await validator.ValidateAsync(context, ct)).Errors);
        }
        return failures;
    }
}
