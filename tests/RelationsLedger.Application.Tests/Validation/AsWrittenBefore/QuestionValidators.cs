// The questions' validators as they were written until round 64 (main a44fcabf): FluentValidation rules per field, through
// FieldRules' and QueryRules' builders (kept beside them in FieldRuleBuilders). Kept only as the oracle of
// QuestionRulesOracleTests; the product's are OneRuleValidator<T>s, word for word otherwise.
using System.Globalization;
using FluentValidation;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Trail;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Queries.Panel;
using RelationsLedger.Application.Queries.Parties;
using RelationsLedger.Application.Queries.Timelines;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Tests.Validation.AsWrittenBefore;

/// <summary>The state questions' validator as it was until round 62: a FluentValidation rule per field.</summary>
internal sealed class OldStateQuestionValidator<T> : AbstractValidator<T> where T : IStateQuestion
{
    public OldStateQuestionValidator(LedgerNow ledger)
    {
        this.TwoParties(q => q.PartyA, q => q.PartyB);
        RuleFor(q => q.AsOf).Day();
        this.KnownAtNotToCome(ledger);
    }
}

internal sealed class OldGetChangedRelationshipsValidator : AbstractValidator<GetChangedRelationships>
{
    public OldGetChangedRelationshipsValidator(LedgerNow ledger)
    {
        RuleFor(q => q.From).Day();
        RuleFor(q => q.To).Day();
        RuleFor(q => q.To).Must((q, to) => QueryRules.ParseDay(q.From) <= QueryRules.ParseDay(to!))
            .When(q => QueryRules.TryParseDay(q.From, out _) && QueryRules.TryParseDay(q.To, out _))
            .WithMessage("'{PropertyName}' must be on or after 'from'.");
        this.KnownAtNotToCome(ledger);
    }
}

internal sealed class OldGetDesignationsByValidator : AbstractValidator<GetDesignationsBy>
{
    public OldGetDesignationsByValidator(LedgerNow ledger)
    {
        RuleFor(q => q.Party).Party();
        RuleFor(q => q.AsOf).Day();
        this.KnownAtNotToCome(ledger);
    }
}

internal sealed class OldGetDesignationsOfValidator : AbstractValidator<GetDesignationsOf>
{
    public OldGetDesignationsOfValidator(LedgerNow ledger)
    {
        RuleFor(q => q.Party).Party();
        RuleFor(q => q.AsOf).Day();
        this.KnownAtNotToCome(ledger);
    }
}

internal sealed class OldGetMissionsAtLeastValidator : AbstractValidator<GetMissionsAtLeast>
{
    public OldGetMissionsAtLeastValidator(LedgerNow ledger)
    {
        RuleFor(q => q.Party).Party();
        RuleFor(q => q.MinimumLevel).OneOf<GetMissionsAtLeast, MissionLevel>();
        RuleFor(q => q.AsOf).Day();
        this.KnownAtNotToCome(ledger);
    }
}

internal sealed class OldGetCorrelatedHistoryValidator : AbstractValidator<GetCorrelatedHistory>
{
    public OldGetCorrelatedHistoryValidator()
    {
        RuleFor(q => q.CorrelationId).NotEmpty().WithMessage("'{PropertyName}' must not be the empty id.");
        RuleFor(q => q.PartyA).Party().When(q => q.PartyA is not null || q.PartyB is not null);
        RuleFor(q => q.PartyB).Party().NotEqual(q => q.PartyA).WithMessage("'{PropertyName}' must be a different party from 'partyA'.")
            .When(q => q.PartyA is not null || q.PartyB is not null);
    }
}

internal sealed class OldGetHistoryValidator : AbstractValidator<GetHistory>
{
    public OldGetHistoryValidator() => this.TwoParties(q => q.PartyA, q => q.PartyB);
}

internal sealed class OldGetPanelValidator : AbstractValidator<GetPanel>
{
    public OldGetPanelValidator(LedgerNow ledger)
    {
        RuleFor(q => q.From).Custom((text, context) => PartialDateRule(text, context));
        RuleFor(q => q.To).Custom((text, context) => PartialDateRule(text, context));
        RuleFor(q => q.To)
            .Must((q, to) => PartialDate.Parse(q.From).Start <= PartialDate.Parse(to!).End)
            .When(q => PartialDate.TryParse(q.From, out _, out _) && PartialDate.TryParse(q.To, out _, out _))
            .WithMessage("'{PropertyName}' must not be before 'from'.");
        RuleFor(q => q.Every).Must(e => PanelPlan.TryPeriod(e, out _))
            .WithMessage(q => $"'every' must be one of {string.Join(", ", PanelPlan.Periods)}; '{TemplateText.Literal(q.Every)}' is not.");
        RuleFor(q => q.On).Custom((on, context) =>
        {
            if (on is null) return;
            if (!PanelPlan.TryPeriod(context.InstanceToValidate.Every, out var period) || period != PanelPeriod.Year)
                context.AddFailure("'on' (MM-DD) applies only to yearly panels (every=year); other periods use their last day.");
            else if (!PanelPlan.TryDayOfYear(on, out _, out _, out var why)) context.AddFailure($"'on' {TemplateText.Literal(why)}.");
        });
        RuleFor(q => q.Aspects).Custom((aspects, context) =>
        {
            if (PanelPlan.AspectsProblem(aspects) is { } problem) context.AddFailure(TemplateText.Literal(problem));
        });
        RuleFor(q => q.Party).OptionalParty();
        this.KnownAtNotToCome(ledger);
        RuleFor(q => q).Custom((q, context) =>
        {
            if (!PartialDate.TryParse(q.From, out var from, out _) || !PartialDate.TryParse(q.To, out var to, out _) || from.Start > to.End
                || !PanelPlan.TryPeriod(q.Every, out var period)) return;
            var (month, day) = (12, 31);
            if (q.On is not null && (period != PanelPeriod.Year || !PanelPlan.TryDayOfYear(q.On, out month, out day, out _))) return; // 'on' is refused above
            var count = PanelPlan.CountDates(from, to, period, month, day);
            if (count > PanelPlan.MaxDates)
                context.AddFailure("to", $"The panel would have more than {PanelPlan.MaxDates:N0} dates; at most {PanelPlan.MaxDates:N0} are allowed. Choose a longer period ('every') or a shorter range ('from', 'to').");
            else if (count == 0 && period == PanelPeriod.Year)
                context.AddFailure("on", $"No date of a yearly panel falls between {Day(from.Start)} and {Day(to.End)}: its dates are {month:00}-{day:00} of each year. Widen the range ('from', 'to'), or give 'on' a day inside it.");
            else if (count == 0)
                context.AddFailure("to", $"No date of a panel by {q.Every} falls between {Day(from.Start)} and {Day(to.End)}: its dates are the {q.Every}s' last days. Widen the range ('from', 'to'), or choose a shorter period ('every').");
        });
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void PartialDateRule(string? text, FluentValidation.ValidationContext<GetPanel> context)
    {
        if (!PartialDate.TryParse(text, out _, out var error)) context.AddFailure($"'{context.DisplayName}': {TemplateText.Literal(error)}.");
    }
}

internal sealed class OldGetPartyRelationshipsValidator : AbstractValidator<GetPartyRelationships>
{
    public OldGetPartyRelationshipsValidator() => RuleFor(q => q.Party).Party();
}

internal sealed class OldGetRelationshipTimelineValidator : AbstractValidator<GetRelationshipTimeline>
{
    public OldGetRelationshipTimelineValidator(LedgerNow ledger)
    {
        this.TwoParties(q => q.PartyA, q => q.PartyB);
        this.KnownAtNotToCome(ledger);
    }
}

internal sealed class OldGetAuditTrailValidator : AbstractValidator<GetAuditTrail>
{
    public OldGetAuditTrailValidator(LedgerNow ledger)
    {
        this.TwoParties(q => q.PartyA, q => q.PartyB);
        this.KnownAtNotToCome(ledger);
    }
}

internal sealed class OldExportEventsValidator : AbstractValidator<ExportEvents>
{
    public OldExportEventsValidator()
    {
        When(q => q.PartyA is not null || q.PartyB is not null, () => this.TwoParties(q => q.PartyA!, q => q.PartyB!));
        RuleFor(q => q.To).Must((q, to) => q.From is null || to is null || q.From < to)
            .WithMessage("'to' must be later than 'from' (the window is from ≤ recorded at < to).");
    }
}

internal sealed class OldVerifyExportValidator : AbstractValidator<VerifyExport>
{
    public OldVerifyExportValidator() => RuleFor(q => q.Digest).Custom((token, context) =>
    {
        if (token is not null && !LedgerDigest.TryParseToken(token, out _, out _, out _, out var error)) context.AddFailure(context.PropertyPath, TemplateText.Literal(error));
    });
}

internal sealed class OldVerifyLedgerValidator : AbstractValidator<VerifyLedger>
{
    public OldVerifyLedgerValidator()
    {
        When(q => q.PartyA is not null || q.PartyB is not null, () =>
        {
            this.TwoParties(q => q.PartyA!, q => q.PartyB!);
            RuleFor(q => q.Digest).Null().WithMessage("a digest covers the whole ledger; verify it without naming a relationship.");
        });
        RuleFor(q => q.Digest).Custom((token, context) =>
        {
            if (token is not null && !LedgerDigest.TryParseToken(token, out _, out _, out _, out var error))
                context.AddFailure(context.PropertyPath, TemplateText.Literal(error));
        });
    }
}
