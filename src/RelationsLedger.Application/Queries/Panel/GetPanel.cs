using System.Globalization;
using FluentValidation;
using MediatR;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Application.Queries.Panel;

/// <summary>
/// A dyad-period panel (docs/panel.md): one row per relationship and date, with per kind of item (and per direction
/// for a directed kind) its state as of the date and how certain that is. Dates run from <paramref name="From"/> to
/// <paramref name="To"/> (YYYY, YYYY-MM or YYYY-MM-DD), one per period (<paramref name="Every"/>: year, quarter, month,
/// day); a year's date is <paramref name="On"/> (MM-DD, default 12-31), other periods' their last day.
/// <paramref name="Aspects"/>: kind names, comma-separated (default every kind). <paramref name="Party"/>: only its
/// relationships. Answered from the read models, as known at <paramref name="KnownAt"/> (null: now); the rows stream.
/// </summary>
public sealed record GetPanel(string From, string To, string Every = "year", string? On = null, string? Aspects = null,
    string? Party = null, DateTimeOffset? KnownAt = null) : IRequest<PanelAnswer>, IKnownAtQuestion;

public sealed class GetPanelValidator : AbstractValidator<GetPanel>
{
    public GetPanelValidator(LedgerNow ledger)
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
