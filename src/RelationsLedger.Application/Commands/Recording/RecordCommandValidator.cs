namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The rules every command shares: a valid past effective date, who records it, and at least
/// one source with a publisher and a title. Registered for each command type beside its own validator.
/// One rule over the command (<see cref="OneRule{T}"/>), its failures those of the field rules it was written as until round 63.
/// </summary>
public sealed class RecordCommandValidator<T>(TimeProvider clock) : OneRuleValidator<T> where T : RecordCommand
{
    public const int MaxSources = 20;

    protected override void Check(T c, OneRule<T> rule)
    {
        rule.NotEmpty(nameof(c.CommandId), c.CommandId, "'{PropertyName}' must not be the empty id.");
        if (!(string.IsNullOrEmpty(c.EffectiveDate) && c.EffectiveTodayByDefault)) rule.PastDate(nameof(c.EffectiveDate), c.EffectiveDate, clock);
        rule.Name(nameof(c.RecordedBy), c.RecordedBy);
        // Set by the API from a configured key name (checked when the keys are read), so met here only in an import's envelope.
        if (c.RecordedThrough is not null) rule.Name(nameof(c.RecordedThrough), c.RecordedThrough);
        var sources = c.Sources;
        rule.NotEmpty(nameof(c.Sources), sources, "at least one source is required: auditors reject an unsourced fact.");
        rule.Must(sources.Count <= MaxSources, nameof(c.Sources), sources, $"at most {MaxSources} sources may be given.");
        if (!VouchedSources.MustCheck(sources, rule.Vouched, rule.AsRecorded, clock)) return; // a run's memo of sources that passed them (an import's)
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is not { } source) continue;
            var element = rule.Element(nameof(c.Sources), i);
            element.Name(nameof(source.Publisher), source.Publisher);
            element.Text(nameof(source.Title), source.Title, FieldRules.LongText);
            element.OptionalName(nameof(source.Url), source.Url, FieldRules.LongText);
            element.Must(IsWebAddress(source.Url), nameof(source.Url), source.Url, "'{PropertyName}' must be an absolute http(s) URL.");
            element.OptionalName(nameof(source.Reference), source.Reference);
            if (source.PublishedOn is not null) element.PastDate(nameof(source.PublishedOn), source.PublishedOn, clock);
        }
    }

    private static bool IsWebAddress(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));
}
