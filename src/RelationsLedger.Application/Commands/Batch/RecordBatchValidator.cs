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
public sealed class RecordBatchValidator(CommandValidators validators) : OneRuleValidator<RecordBatch>
{
    protected override void Check(RecordBatch batch, OneRule<RecordBatch> rule)
    {
        var items = batch.Items;
        var size = rule.FiledAs("batch"); // the batch's size is the batch's, not a field's
        size.NotEmpty(nameof(batch.Items), items, "the batch is empty: give at least one command.");
        if (items.Count > BatchLimits.MaxItems)
        {
            size.Must(false, nameof(batch.Items), items, $"the batch has {items.Count} commands; a batch may have at most {BatchLimits.MaxItems}. Split it.");
            return;
        }
        foreach (var item in items)
            foreach (var failure in validators.Validate(item.Command, validators.Recording))
                rule.AddFailure(new ValidationFailure($"{item.Label}.{failure.PropertyName}", failure.ErrorMessage));
        foreach (var same in items.GroupBy(i => i.Command.CommandId, RandomisedIds.Comparer).Where(g => g.Count() > 1))
            foreach (var item in same.Skip(1))
                rule.AddFailure(new ValidationFailure($"{item.Label}.commandId",
                    $"command id {same.Key} is given to {same.First().Label} as well; each command of a batch needs its own id."));
    }
}
