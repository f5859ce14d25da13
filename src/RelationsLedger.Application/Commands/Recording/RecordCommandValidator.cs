using FluentValidation;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The rules every command shares: a valid past effective date, who records it, and at least
/// one source with a publisher and a title. Registered for each command type beside its own validator.
/// </summary>
public sealed class RecordCommandValidator<T> : AbstractValidator<T> where T : RecordCommand
{
    public const int MaxSources = 20;

    public RecordCommandValidator(TimeProvider clock)
    {
        RuleFor(c => c.CommandId).NotEmpty().WithMessage("'{PropertyName}' must not be the empty id.");
        RuleFor(c => c.EffectiveDate).PastDate(clock).Unless(c => string.IsNullOrEmpty(c.EffectiveDate) && c.EffectiveTodayByDefault);
        RuleFor(c => c.RecordedBy).Name();
        // Set by the API from a configured key name (checked when the keys are read), so met here only in an import's envelope.
        RuleFor(c => c.RecordedThrough).Name().When(c => c.RecordedThrough is not null);
        RuleFor(c => c.Sources).NotEmpty().WithMessage("at least one source is required: auditors reject an unsourced fact.")
            .Must(s => s.Count <= MaxSources).WithMessage($"at most {MaxSources} sources may be given.");
        RuleForEach(c => c.Sources).ChildRules(source =>
        {
            source.RuleFor(s => s.Publisher).Name();
            source.RuleFor(s => s.Title).Text(FieldRules.LongText);
            source.RuleFor(s => s.Url).OptionalName(FieldRules.LongText)
                .Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
                .WithMessage("'{PropertyName}' must be an absolute http(s) URL.");
            source.RuleFor(s => s.Reference).OptionalName();
            source.RuleFor(s => s.PublishedOn).PastDate(clock).When(s => s.PublishedOn is not null);
        }).When((c, context) => VouchedSources.MustCheck(c.Sources, context, clock)); // a run's memo of sources that passed them (an import's)
    }
}
