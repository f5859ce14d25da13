using FluentValidation;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The rules of one source of a command (<see cref="RecordCommandValidator{T}"/> runs them on each, named
/// <c>sources[i].publisher</c> and so on): a publisher and a title, an http(s) address if any, a past publication date if any.
/// </summary>
/// <remarks>A validator of its own rather than inline child rules, so that its rules are named once as every ledger validator's are (<see cref="ContractValidator{T}"/>).</remarks>
public sealed class SourceValidator : ContractValidator<SourceInput>
{
    public SourceValidator(TimeProvider clock)
    {
        RuleFor(s => s.Publisher).Text();
        RuleFor(s => s.Title).Text(FieldRules.LongText);
        RuleFor(s => s.Url).OptionalText(FieldRules.LongText)
            .Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            .WithMessage("'{PropertyName}' must be an absolute http(s) URL.");
        RuleFor(s => s.Reference).OptionalText();
        RuleFor(s => s.PublishedOn).PastDate(clock).When(s => s.PublishedOn is not null);
    }
}
