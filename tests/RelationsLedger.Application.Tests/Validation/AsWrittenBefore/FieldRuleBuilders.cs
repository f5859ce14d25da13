// FieldRules' and QueryRules' per-field builders as the product had them until rounds 63 (the commands' builders) and 64 (the
// questions': Party, OptionalParty, TwoParties, OneOf, Day, KnownAtNotToCome), when every command's and question's validator
// became checks through OneRule<T> and nothing of the product built rules this way any more: kept with the validators as
// written before, whose oracle they are (CommandRulesOracleTests, QuestionRulesOracleTests, OneRuleTests). Their messages are
// the product's own (FieldRules, QueryRules).
using System.Linq.Expressions;
using FluentValidation;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Time;
using RelationsLedger.Application.Pipeline;

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

    public static IRuleBuilderOptions<T, string?> Party<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => PartyId.IsValid(v)).WithMessage((_, v) => FieldRules.NotAParty(v));

    public static IRuleBuilderOptions<T, string?> OptionalParty<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || PartyId.IsValid(v)).WithMessage((_, v) => FieldRules.NotAParty(v));

    /// <summary>Two well-formed, different parties (compared only when both are parties: round 70's rule, in this form for the oracle).</summary>
    public static void TwoParties<T>(this AbstractValidator<T> validator, Expression<Func<T, string>> first, Expression<Func<T, string>> second)
    {
        var (a, b) = (first.Compile(), second.Compile());
        validator.RuleFor(first).Party();
        validator.RuleFor(second).Party();
        validator.RuleFor(second).NotEqual(first).WithMessage(FieldRules.SameParty).When(c => PartyId.IsValid(a(c)) && PartyId.IsValid(b(c)));
    }

    public static IRuleBuilderOptions<T, string?> OneOf<T, TEnum>(this IRuleBuilder<T, string?> rule) where TEnum : struct, Enum =>
        rule.Must(v => Names.TryParse<TEnum>(v, out _))
            .WithMessage((_, v) => FieldRules.NotOneOf<TEnum>(v));

    /// <summary>An "as of" date: a whole day, YYYY-MM-DD.</summary>
    public static IRuleBuilderOptions<T, string?> Day<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => QueryRules.TryParseDay(v, out _)).WithMessage((_, v) => QueryRules.NotADay(v));

    /// <summary>
    /// "As known at" a moment still to come is refused: a rule over the question, as the product had it until
    /// round 64: its failure added by <c>context.AddFailure("knownAt", message)</c>, the message through the rule's reset formatter.
    /// </summary>
    public static void KnownAtNotToCome<T>(this AbstractValidator<T> validator, LedgerNow ledger) where T : IKnownAtQuestion =>
        validator.RuleFor(q => q).Custom((question, context) => KnownAt(ledger, question, context));

    /// <summary>The check of <see cref="KnownAtNotToCome{T}"/> as the product had it until round 64 (main a44fcabf), word for word.</summary>
    private static void KnownAt<T>(LedgerNow ledger, T question, ValidationContext<T> context) where T : IKnownAtQuestion
    {
        if (question.KnownAt is not { } known) return;
        var clock = ledger.Clock();
        if (known - clock <= RecordedTimes.AheadOfClock) return;
        // Only now is the log asked: the clock alone would refuse, and it may be behind what the ledger has recorded.
        var last = ledger.LastRecordedAt();
        if (last > clock && known - last <= RecordedTimes.AheadOfClock) return;
        var now = last > clock
            ? $"{Moments.Text(last.Value)}, when the ledger recorded its last event; this machine's clock is behind it, at {Moments.Text(clock)}"
            : $"{Moments.Text(clock)} by this machine's clock";
        context.AddFailure(KnownAtField, $"'{KnownAtField}' {Moments.Text(known)} is still to come: it is later than now ({now}) by more than " +
            $"{RecordedTimes.AheadOfClock.TotalMinutes:0} minutes, the most the clocks of one ledger are taken to disagree. What the ledger will " +
            "know then is not known yet, and what is recorded before then would change the answer. Leave it out to ask as known now.");
    }

    private static readonly string KnownAtField = ContractNames.Of(nameof(IKnownAtQuestion.KnownAt));
}

