using System.Globalization;
using FluentValidation.Results;
using RelationsLedger.Application.Queries;

namespace RelationsLedger.Api.Hosting;

/// <summary>Query-string values the endpoints read themselves; one that cannot be read is a failure named by its field, reported with all the others.</summary>
public static class QueryInput
{
    /// <summary>Today (UTC) as YYYY-MM-DD: the default "as of", as in the CLI.</summary>
    public static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 moment (e.g. 2025-04-17T12:00:00Z); without an offset it is taken as UTC.</summary>
    public static DateTimeOffset? KnownAt(string? text, ICollection<ValidationFailure> failures)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (QueryRules.TryParseMoment(text, out var value)) return value;
        failures.Add(new ValidationFailure("knownAt", $"'knownAt' must be {QueryRules.MomentExpected}; '{text}' is not."));
        return null;
    }
}
