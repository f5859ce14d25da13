using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using RelationsLedger.Api.Errors;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Api.Commands;

/// <summary>
/// The media type a command or batch body must declare: JSON (or, for a batch, NDJSON), in UTF-8. JSON is exchanged as
/// UTF-8 (RFC 8259, section 8.1) and the body is read as such; before round 52 of issue #16 a declared
/// <c>charset=utf-16</c> (or any other) was ignored, so a body was read in an encoding other than the one its sender named.
/// Now a charset other than UTF-8 is refused (415) naming it, before the body is read.
/// </summary>
public static class BodyMediaType
{
    /// <summary>The 415 to return, or null when <paramref name="request"/> declares an accepted type in UTF-8.</summary>
    /// <param name="request">The request whose <c>Content-Type</c> is checked.</param>
    /// <param name="ndjson">Whether <c>application/x-ndjson</c> is accepted besides JSON (a batch).</param>
    public static IResult? Problem(HttpRequest request, bool ndjson)
    {
        var parsed = MediaTypeHeaderValue.TryParse(request.ContentType, out var header) ? header : null;
        var accepted = request.HasJsonContentType()
            || (ndjson && string.Equals(parsed?.MediaType.Value, BatchEndpoint.NdjsonMediaType, StringComparison.OrdinalIgnoreCase));
        if (!accepted)
            return ndjson
                ? Problems.Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "The body must be JSON or NDJSON.",
                    $"Send the batch as 'Content-Type: application/json' (an array or an object) or '{BatchEndpoint.NdjsonMediaType}' (one command per line).")
                : Problems.Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "The body must be JSON.",
                    "Send the command as 'Content-Type: application/json'.");
        // The charset parameter as declared, quotes removed.
        return parsed is { Charset.HasValue: true } && HeaderUtilities.RemoveQuotes(parsed.Charset).Value is { } charset && !IsUtf8(charset)
            ? Problems.Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "The body must be UTF-8.",
                $"Content-Type declares charset {EchoedText.Quote(charset)}; the body is read as UTF-8 (RFC 8259): send it in UTF-8, with 'charset=utf-8' or no charset.")
            : null;
    }

    private static bool IsUtf8(string charset) =>
        string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase) || string.Equals(charset, "utf8", StringComparison.OrdinalIgnoreCase);
}
