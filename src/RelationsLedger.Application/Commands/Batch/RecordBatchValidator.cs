using FluentValidation.Results;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// Every item checked by its own command's validators before anything is decided, each failure named by its item
/// (<c>commands[3].effectiveDate</c>, <c>line 4.sources[0].publisher</c>); and the batch itself: not empty, within
/// <see cref="BatchLimits.MaxItems"/>, no command id given twice (a batch is decided as a whole, so one id cannot be two
/// of its commands, nor the same one twice).
/// </summary>
public sealed class RecordBatchValidator : AbstractValidator<RecordBatch>
{
    public RecordBatchValidator(CommandValidators validators)
    {
        RuleFor(b => b.Items).NotEmpty().WithMessage("the batch is empty: give at least one command.")
            .Must(items => items.Count <= BatchLimits.MaxItems)
            .WithMessage(b => $"the batch has {b.Items.Count} commands; a batch may have at most {BatchLimits.MaxItems}. Split it.")
            .OverridePropertyName("batch");
        RuleFor(b => b).Custom((batch, context) =>
        {
            if (batch.Items.Count > BatchLimits.MaxItems) return;
            foreach (var item in batch.Items)
                foreach (var failure in validators.Validate(item.Command, validators.Recording))
                    context.AddFailure(new ValidationFailure($"{item.Label}.{failure.PropertyName}", failure.ErrorMessage));
            foreach (var same in batch.Items.GroupBy(i => i.Command.CommandId, RandomisedIds.Comparer).Where(g => g.Count() > 1))
                foreach (var item in same.Skip(1))
                    context.AddFailure(new ValidationFailure($"{item.Label}.commandId",
                        $"command id {same.Key} is given to {same.First().Label} as well; each command of a batch needs its own id."));
        });
    }
}
