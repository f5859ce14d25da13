using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Results;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Queries;

/// <summary>
/// A question's field rules run inside one rule over the question (<c>RuleFor(q =&gt; q).Custom(…)</c>), each failure made as
/// FluentValidation's rule of that field makes it: the field's contract name, the same message template formatted by
/// FluentValidation's <see cref="MessageFormatter"/> with the same placeholders, the field's value as the attempted value, in the
/// order the field rules ran.
/// </summary>
/// <remarks>
/// Why: a cold question makes its validator once and runs it once, and a <c>RuleFor(q =&gt; q.PartyA)</c> per field cost it an
/// expression tree each (reflection over the question's type), its text, its compilation by the expressions' interpreter, and
/// FluentValidation's rule, builder and component objects for each <c>Must</c>/<c>NotEqual</c>/<c>WithMessage</c>
/// (docs/performance.md, rounds 61–62). One rule over the question — which the known-at rule already was — makes one tree
/// of the simplest kind and one rule.
/// <para>
/// The failures' error codes (FluentValidation's validator names, e.g. <c>PredicateValidator</c>) and their placeholder
/// dictionaries are not set: nothing of the ledger reads them, and neither the CLI nor the API shows them.
/// </para>
/// </remarks>
public readonly struct OneRule<T>(ValidationContext<T> context)
{
    /// <summary>Two well-formed, different parties (<see cref="FieldRules.TwoParties{T}"/>): each a party, then the second not the first.</summary>
    public void TwoParties(string firstMember, string? first, string secondMember, string? second)
    {
        if (!PartyId.IsValid(first)) Fail(firstMember, first, FieldRules.NotAParty(first));
        if (!PartyId.IsValid(second)) Fail(secondMember, second, FieldRules.NotAParty(second));
        // NotEqual's comparison: object.Equals, ordinal for text, null equal to null.
        if (Equals(first, second)) Fail(secondMember, second, FieldRules.SameParty, comparison: (ContractNames.Of(firstMember), first));
    }

    /// <summary>A whole day, YYYY-MM-DD (<see cref="QueryRules.Day{T}"/>).</summary>
    public void Day(string member, string? value)
    {
        if (!QueryRules.TryParseDay(value, out _)) Fail(member, value, QueryRules.NotADay(value));
    }

    /// <summary>
    /// The failure FluentValidation's property rule would add: its path (the field's name after the context's chain), its
    /// message formatted with the placeholders the rule gives (<c>PropertyName</c>, <c>PropertyValue</c>, <c>PropertyPath</c>;
    /// a comparison's <c>ComparisonValue</c> and <c>ComparisonProperty</c>), and the value it was given.
    /// </summary>
    private void Fail(string member, string? value, string template, (string Property, string? Value)? comparison = null)
    {
        var name = ContractNames.Of(member);
        var path = context.PropertyChain.BuildPropertyPath(name);
        var formatter = new TemplateText.Formatter();
        if (comparison is var (property, compared))
            formatter.AppendArgument("ComparisonValue", compared).AppendArgument("ComparisonProperty", property);
        formatter.AppendPropertyName(name).AppendPropertyValue(value).AppendArgument("PropertyPath", path);
        context.AddFailure(new ValidationFailure(path, formatter.BuildMessage(template), value));
    }
}
