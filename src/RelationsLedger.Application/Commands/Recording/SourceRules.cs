using FluentValidation;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The rules of one source every command gives (<see cref="RecordCommandValidator{T}"/>), and <see cref="AllPass"/>: whether
/// a command's sources plainly pass them, asked first so that FluentValidation runs a source's rules only for sources that
/// may fail one.
/// </summary>
/// <remarks>
/// Why the shortcut: FluentValidation's machinery for a collection of child rules (a child context, a property path, a result
/// per source and rule) was ~38 % of a valid command's validation and ~10 % of its send in the pipeline's profile, the rules
/// themselves a small part of it. <see cref="Passes"/> is the same checks on the same helpers, each written as the negation of
/// what makes the rule fail; any source it does not vouch for goes through the rules, so every failure and message is theirs.
/// <c>SourceRulesTests</c> holds the two together on hostile sources.
/// </remarks>
public static class SourceRules
{
    /// <summary>A source's rules; its failures are named under the source (<c>sources[0].publisher</c>).</summary>
    public static void Define(InlineValidator<SourceInput> source, TimeProvider clock)
    {
        source.RuleFor(s => s.Publisher).Text();
        source.RuleFor(s => s.Title).Text(FieldRules.LongText);
        source.RuleFor(s => s.Url).OptionalText(FieldRules.LongText)
            .Must(IsWebAddress).WithMessage("'{PropertyName}' must be an absolute http(s) URL.");
        source.RuleFor(s => s.Reference).OptionalText();
        source.RuleFor(s => s.PublishedOn).PastDate(clock).When(s => s.PublishedOn is not null);
    }

    /// <summary>No address, or an absolute http(s) one.</summary>
    public static bool IsWebAddress(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));

    /// <summary>Whether every source is one that <see cref="Define"/>'s rules find nothing wrong with (false for none, or a null one: the rules decide).</summary>
    public static bool AllPass(IReadOnlyList<SourceInput>? sources, TimeProvider clock)
    {
        if (sources is null || sources.Count == 0) return false;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var i = 0; i < sources.Count; i++)
            if (sources[i] is not { } source || !Passes(source, today)) return false;
        return true;
    }

    /// <summary>Each of <see cref="Define"/>'s rules, in its order: text given, not too long, printable; an address that is one; a date past.</summary>
    private static bool Passes(SourceInput s, DateOnly today) =>
        IsText(s.Publisher, FieldRules.ShortText)
        && IsText(s.Title, FieldRules.LongText)
        && IsOptionalText(s.Url, FieldRules.LongText) && IsWebAddress(s.Url)
        && IsOptionalText(s.Reference, FieldRules.ShortText)
        && (s.PublishedOn is null || (PartialDate.TryParse(s.PublishedOn, out var published, out _) && published.Start <= today));

    // FieldRules.Text: NotEmpty (FluentValidation's: not null, not white space), MaximumLength, Printable.
    private static bool IsText(string? text, int max) => !string.IsNullOrWhiteSpace(text) && IsOptionalText(text, max);

    // FieldRules.OptionalText: MaximumLength (passes null), Printable (passes null).
    private static bool IsOptionalText(string? text, int max) => text is null || (text.Length <= max && FieldRules.UnprintableAt(text) < 0);
}
