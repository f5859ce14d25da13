using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>
/// Every validator of the application names its rules once, when they are made (<see cref="ContractValidator{T}"/>); one made
/// on FluentValidation's own base would still name its fields the same, only ask for each name on every run.
/// </summary>
public sealed class ContractValidatorTests
{
    [Fact]
    public void Every_validator_of_the_application_is_a_contract_validator()
    {
        var validators = typeof(DependencyInjection).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            .ToList();
        Assert.Contains(typeof(SourceValidator), validators);
        Assert.Empty(validators.Where(t => !IsContractValidator(t)).Select(t => t.FullName));
    }

    [Fact]
    public void A_rule_named_once_gives_the_name_the_resolver_gives()
    {
        // The resolver the application sets, as it names a source's fields; a source's rules named when made must say the same.
        new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddRelationsLedger();
        var validator = new SourceValidator(TimeProvider.System);
        var rules = ((IEnumerable<IValidationRule>)validator).ToList();
        Assert.Equal(["publisher", "title", "url", "reference", "publishedOn"], rules.Select(r => r.PropertyName));
        Assert.Equal(rules.Select(r => ValidatorOptions.Global.DisplayNameResolver(typeof(SourceInput), r.Member, r.Expression)), rules.Select(r => r.GetDisplayName(null)));
    }

    private static bool IsContractValidator(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ContractValidator<>)) return true;
        return false;
    }
}
