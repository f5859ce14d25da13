// The batch's validator as it was written until round 64 (main a44fcabf): a FluentValidation rule on the items (filed as
// 'batch') and a rule over the batch. Kept only as the oracle of BatchRulesOracleTests; the product's is a OneRuleValidator<T>.
using FluentValidation;
using FluentValidation.Results;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Tests.Validation.AsWrittenBefore;

internal sealed class OldRecordBatchValidator : AbstractValidator<RecordBatch>
{
    public OldRecordBatchValidator(CommandValidators validators)
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
