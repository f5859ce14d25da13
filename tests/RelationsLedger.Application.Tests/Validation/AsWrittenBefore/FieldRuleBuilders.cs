// FieldRules' per-field builders as the product had them until round 63, when every command's validator became one rule
// (OneRule<T>) and nothing of the product built rules this way any more: kept with the validators as written before, whose
// oracle they are (CommandRulesOracleTests, OneRuleTests). Their messages are the product's own (FieldRules).
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;

namespace RelationsLedger.Application.Tests.Validation.AsWrittenBefore;

internal static class FieldRuleBuilders
{
    /// <summary>Prose: a reason, a summary, a scope, a source's title (<see cref="InvisibleCharacters"/>).</summary>
    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int max = FieldRules.LongText) =>
        rule.NotEmpty().WithMessage(FieldRules.Required).OptionalText(max);

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int max = FieldRules.LongText) =>
        rule.Bounded(max).Visible(InvisibleCharacters.InProseAt, FieldRules.ProseMustShow);

    /// <summary>
    /// A name: what a later command matches on or what tells two facts apart (a list, a programme, a person, an agreement's
    /// title, a city, who recorded it, a publisher, a reference, a link). It may hold no invisible character
    /// (<see cref="InvisibleCharacters"/>), or two names that look the same would not be the same.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Name<T>(this IRuleBuilder<T, string?> rule, int max = FieldRules.ShortText) =>
        rule.NotEmpty().WithMessage(FieldRules.Required).OptionalName(max);

    public static IRuleBuilderOptions<T, string?> OptionalName<T>(this IRuleBuilder<T, string?> rule, int max = FieldRules.ShortText) =>
        rule.Bounded(max).Visible(InvisibleCharacters.InNameAt, FieldRules.NameMustRead);

    /// <summary>At most <paramref name="max"/> characters, every one printable: the rules of names and prose alike.</summary>
    private static IRuleBuilderOptions<T, string?> Bounded<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.MaximumLength(max).WithMessage(FieldRules.TooLong(max)).Printable();

    private static IRuleBuilderOptions<T, string?> Visible<T>(this IRuleBuilderOptions<T, string?> rule, Func<string?, int> invisibleAt, string why) =>
        rule.Must((_, v, context) => context.RootContextData.ContainsKey(FieldRules.AsRecorded) || invisibleAt(v) < 0)
            .WithMessage((_, v) => FieldRules.Invisible(v!, invisibleAt(v), why));

    /// <summary>
    /// No control characters (ESC, BEL, NUL, DEL, line breaks, C1…), no half of a surrogate pair and no invisible direction controls
    /// (embeddings, overrides, isolates): text is shown on terminals and in tables, where such characters would be obeyed (colours,
    /// titles, reordered words).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Printable<T>(this IRuleBuilderOptions<T, string?> rule) =>
        rule.Must(v => FieldRules.UnprintableAt(v) < 0)
            .WithMessage((_, v) => FieldRules.Unprintable("'{PropertyName}'", v!, FieldRules.UnprintableAt(v)));

    /// <summary>A partial date that exists and is not in the future (its first day is today or earlier).</summary>
    public static IRuleBuilderOptionsConditions<T, string?> PastDate<T>(this IRuleBuilder<T, string?> rule, TimeProvider clock) =>
        rule.Custom((text, context) =>
        {
            // AddFailure(message) files the failure under the rule's own path, which inside a child rule already has its prefix.
            if (FieldRules.NotAPastDate(context.DisplayName, text, clock) is { } message) context.AddFailure(message);
        });

    public static IRuleBuilderOptions<T, string?> EventId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(FieldRules.IsEventId).WithMessage((_, v) => FieldRules.NotAnEventId(v));
}
