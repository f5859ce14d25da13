using System.Globalization;
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

public sealed class GetPanelValidator(LedgerNow ledger) : OneRuleValidator<GetPanel>
{
    protected override void Check(GetPanel q, OneRule<GetPanel> rule)
    {
        PartialDateRule(rule, nameof(q.From), q.From);
        PartialDateRule(rule, nameof(q.To), q.To);
        if (PartialDate.TryParse(q.From, out var first, out _) && PartialDate.TryParse(q.To, out var last, out _))
            rule.Must(first.Start <= last.End, nameof(q.To), q.To, "'{PropertyName}' must not be before 'from'.");
        rule.Must(PanelPlan.TryPeriod(q.Every, out _), nameof(q.Every), q.Every,
            $"'every' must be one of {string.Join(", ", PanelPlan.Periods)}; '{TemplateText.Literal(q.Every)}' is not.");
        if (q.On is not null)
        {
            if (!PanelPlan.TryPeriod(q.Every, out var every) || every != PanelPeriod.Year)
                rule.Add(nameof(q.On), "'on' (MM-DD) applies only to yearly panels (every=year); other periods use their last day.");
            else if (!PanelPlan.TryDayOfYear(q.On, out _, out _, out var why)) rule.Add(nameof(q.On), $"'on' {TemplateText.Literal(why)}.");
        }
        if (PanelPlan.AspectsProblem(q.Aspects) is { } problem) rule.Add(nameof(q.Aspects), TemplateText.Literal(problem));
        rule.OptionalParty(nameof(q.Party), q.Party);
        QueryRules.KnownAtNotToCome(ledger, q, rule);
        DatesRule(q, rule);
    }

    /// <summary>How many dates the panel has: none, or more than it may.</summary>
    private static void DatesRule(GetPanel q, OneRule<GetPanel> rule)
    {
        if (!PartialDate.TryParse(q.From, out var from, out _) || !PartialDate.TryParse(q.To, out var to, out _) || from.Start > to.End
            || !PanelPlan.TryPeriod(q.Every, out var period)) return;
        var (month, day) = (12, 31);
        if (q.On is not null && (period != PanelPeriod.Year || !PanelPlan.TryDayOfYear(q.On, out month, out day, out _))) return; // 'on' is refused above
        var count = PanelPlan.CountDates(from, to, period, month, day);
        if (count > PanelPlan.MaxDates)
            rule.Add(nameof(q.To), $"The panel would have more than {PanelPlan.MaxDates:N0} dates; at most {PanelPlan.MaxDates:N0} are allowed. Choose a longer period ('every') or a shorter range ('from', 'to').");
        else if (count == 0 && period == PanelPeriod.Year)
            rule.Add(nameof(q.On), $"No date of a yearly panel falls between {Day(from.Start)} and {Day(to.End)}: its dates are {month:00}-{day:00} of each year. Widen the range ('from', 'to'), or give 'on' a day inside it.");
        else if (count == 0)
            rule.Add(nameof(q.To), $"No date of a panel by {q.Every} falls between {Day(from.Start)} and {Day(to.End)}: its dates are the {q.Every}s' last days. Widen the range ('from', 'to'), or choose a shorter period ('every').");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void PartialDateRule(OneRule<GetPanel> rule, string member, string? text)
    {
        if (!PartialDate.TryParse(text, out _, out var error)) rule.Add(member, $"'{ContractNames.Of(member)}': {TemplateText.Literal(error)}.");
    }
}
