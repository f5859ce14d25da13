using System.Globalization;
using Microsoft.AspNetCore.Http;
using RelationsLedger.Api.Errors;

namespace RelationsLedger.Api.Hosting;

/// <summary>Query-string values the endpoints parse themselves, so that a bad one is a 400 naming its field.</summary>
public static class QueryInput
{
    /// <summary>Today (UTC) as YYYY-MM-DD: the default "as of", as in the CLI.</summary>
    public static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 moment (e.g. 2025-04-17T12:00:00Z); without an offset it is taken as UTC.</summary>
    public static bool TryKnownAt(string? text, out DateTimeOffset? knownAt, out IResult? error)
    {
        (knownAt, error) = (null, null);
        if (string.IsNullOrEmpty(text)) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            knownAt = value;
            return true;
        }
        error = Problems.Validation("knownAt", $"'knownAt' must be a moment in ISO 8601, e.g. 2025-04-17T12:00:00Z; '{text}' is not.");
        return false;
    }
}
