using FluentValidation;

namespace RelationsLedger.Application.Pipeline;

/// <summary>
/// The ledger's validators: each rule is named once, when it is made, by the resolvers <see cref="DependencyInjection"/>
/// sets (the field's name in the JSON contract, <see cref="ContractNames"/>).
/// </summary>
/// <remarks>
/// FluentValidation fixes a rule's property name when the rule is made, but its display name (the <c>{PropertyName}</c>
/// of a message) is asked of <see cref="ValidatorOptions.DisplayNameResolver"/> again on every run of the rule, failing or
/// not — ~20 rules a command, 5 more a source, on every command and import line. The resolver sees only the type, the
/// member and the rule's expression, never the value or the context, so the name it gives when the rule is made is the
/// name it would give on every run; the rule keeps that one (<see cref="IValidationRule.SetDisplayName(string)"/>).
/// A rule of no member (<c>RuleFor(c => c)</c>) gets no name from the resolver and is named, as before, by its
/// <c>OverridePropertyName</c>.
/// </remarks>
public abstract class ContractValidator<T> : AbstractValidator<T>
{
    protected override void OnRuleAdded(IValidationRule<T> rule) => rule.SetDisplayName(rule.GetDisplayName(null));
}
