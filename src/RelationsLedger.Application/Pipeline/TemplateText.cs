using FluentValidation.Internal;

namespace RelationsLedger.Application.Pipeline;

/// <summary>
/// Text of the user's written into a FluentValidation message template — a party, a date, a list of names quoted in a
/// rule's message — kept as written. FluentValidation reads a template's <c>{Name}</c> as a placeholder and puts the field's
/// name or value there, so before round 62 a party written <c>a{PropertyValue}</c> was quoted back as <c>'aa{PropertyValue}'</c>
/// and one written <c>{PropertyName}</c> as <c>'partyA'</c>: an error that misquoted what was typed.
/// </summary>
/// <remarks>
/// Each <c>{</c> of the text becomes the placeholder <c>{LeftBrace}</c>, which <see cref="Formatter"/> (FluentValidation's, as
/// the ledger makes every validator's) turns back into <c>{</c>. Its one pass does not read what it puts in again, so the brace
/// cannot start a placeholder. Only text that goes into a template is marked; a message made otherwise (a command line's
/// own) is not, or it would show the mark.
/// </remarks>
public static class TemplateText
{
    private const string LeftBrace = "LeftBrace";

    /// <summary><paramref name="text"/> for a message template, each <c>{</c> marked so that the template shows it as written.</summary>
    public static string Literal(string? text) => text is null ? "" : text.Replace("{", "{" + LeftBrace + "}", StringComparison.Ordinal);

    /// <summary>FluentValidation's formatter, which also knows <c>{LeftBrace}</c>.</summary>
    public sealed class Formatter : MessageFormatter
    {
        public override string BuildMessage(string messageTemplate)
        {
            AppendArgument(LeftBrace, "{"); // after any Reset: the rule resets its formatter between components
            return base.BuildMessage(messageTemplate);
        }
    }
}
