using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation.Results;
using RelationsLedger.Application.Queries;

namespace RelationsLedger.Api.Hosting;

/// <summary>Query-string values the endpoints read themselves; one that cannot be read is a failure named by its field, reported with all the others.</summary>
public static partial class QueryInput
{
    /// <summary>Today (UTC) as YYYY-MM-DD: the default "as of", as in the CLI.</summary>
    public static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// An ISO 8601 moment (e.g. 2025-04-17T12:00:00Z); without an offset it is taken as UTC. Left out, the question is as known
    /// now; given empty (<c>?knownAt=</c>, a client's unset variable) it is refused as the CLI refuses <c>--known-at ''</c>, not
    /// answered as known now.
    /// </summary>
    public static DateTimeOffset? KnownAt(string? text, ICollection<ValidationFailure> failures)
    {
        if (text is null) return null;
        if (QueryRules.TryParseMoment(text, out var value)) return value;
        failures.Add(new ValidationFailure("knownAt", QueryRules.NotAMoment("knownAt", text)));
        return null;
    }

    /// <summary>
    /// A query string's form encoding reads '+' as a space, so an offset written unencoded (…T12:00:00+14:00) arrives as
    /// "…T12:00:00 14:00": a refusal of any query parameter holding such a value (<c>knownAt</c>, and a day or period given
    /// a moment: <c>asOf</c>, <c>from</c>, <c>to</c>) says so and how to write it, rather than only quote a value no one
    /// wrote. It is not read as meant: the server does not guess at what a query says. Added by <see cref="QueryFields"/>
    /// to every refusal of a question naming a parameter of its query, so that each says it alike.
    /// </summary>
    /// <returns>The hint, with a space before it; empty when the value lost no '+'.</returns>
    public static string PlusReadAsSpace(string field, string text)
    {
        if (OffsetAfterSpace().Match(text) is not { Success: true } offset) return "";
        var meant = text[..offset.Index] + "+" + offset.Groups[1].Value;
        return QueryRules.TryParseMoment(meant, out _)
            ? $" Its offset lost its '+': a '+' in a URL's query reads as a space, so write it as %2B ({field}={text[..offset.Index]}%2B{offset.Groups[1].Value})."
            : "";
    }

    /// <summary>A space where a time's offset starts: hh:mm[:ss[.fraction]] then " hh:mm" at the end.</summary>
    [GeneratedRegex(@"(?<=T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?) ([0-9]{2}:[0-9]{2})\z")]
    private static partial Regex OffsetAfterSpace();
}
