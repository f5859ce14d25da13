using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// The one form of a UUID every entry point reads — a command's <c>commandId</c>, <c>correlationId</c>,
/// <c>causationId</c> and <c>target</c>, a batch's <c>correlationId</c>, in JSON bodies and files and on the command
/// line alike: 32 hexadecimal digits (either case) in groups of 8-4-4-4-12, without braces or parentheses
/// (RFC 9562's form, the one the ledger writes, and the only one System.Text.Json reads as a Guid).
/// </summary>
public static partial class UuidText
{
    /// <summary>The accepted form, as error messages show it.</summary>
    public const string Form = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    public static bool TryParse([NotNullWhen(true)] string? text, out Guid id)
    {
        id = default;
        return text is not null && TryParse(text.AsSpan(), out id);
    }

    /// <summary>As <see cref="TryParse(string?, out Guid)"/>, of text in place (an import's line, read without a string made of it).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Guid id)
    {
        id = default;
        return Pattern().IsMatch(text) && Guid.TryParseExact(text, "D", out id);
    }

    /// <summary>Why <paramref name="text"/> is refused for <paramref name="field"/>, naming both and the accepted form.</summary>
    public static string Problem(string field, string? text) => $"'{field}' must be a UUID in the form {Form}; {EchoedText.Quote(text)} is not.";

    /// <summary>The same for a command-line option: <c>--command-id: '{…}' is not a UUID in the form …</c>.</summary>
    public static string OptionProblem(string option, string? text) => $"{option}: {EchoedText.Quote(text)} is not a UUID in the form {Form}.";

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z")]
    private static partial Regex Pattern();
}
