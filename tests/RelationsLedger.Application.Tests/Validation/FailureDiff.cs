using FluentValidation.Results;

namespace RelationsLedger.Application.Tests.Validation;

/// <summary>How two validators' failures differ, everything a failure holds compared: the oracles' comparison.</summary>
internal static class FailureDiff
{
    /// <summary>
    /// The first way two lists of failures differ — count, then each one's field, message, error code, attempted value, severity,
    /// custom state and the message's placeholders, in order — or null when they are the same.
    /// </summary>
    public static string? Of(List<ValidationFailure> expected, List<ValidationFailure> actual)
    {
        if (expected.Count != actual.Count)
            return $"{expected.Count} failures expected, {actual.Count} made: [{string.Join(" | ", expected.Select(f => $"{f.PropertyName}: {f.ErrorMessage}"))}] / [{string.Join(" | ", actual.Select(f => $"{f.PropertyName}: {f.ErrorMessage}"))}]";
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            if (e.PropertyName != a.PropertyName) return $"#{i} field '{e.PropertyName}' expected, '{a.PropertyName}' made";
            if (e.ErrorMessage != a.ErrorMessage) return $"#{i} ({e.PropertyName}) message \"{e.ErrorMessage}\" expected, \"{a.ErrorMessage}\" made";
            if (e.ErrorCode != a.ErrorCode) return $"#{i} ({e.PropertyName}) code {e.ErrorCode} expected, {a.ErrorCode} made";
            if (!Equals(e.AttemptedValue, a.AttemptedValue)) return $"#{i} ({e.PropertyName}) value {e.AttemptedValue} expected, {a.AttemptedValue} made";
            if (e.Severity != a.Severity || !Equals(e.CustomState, a.CustomState)) return $"#{i} ({e.PropertyName}) severity or state differ";
            if (Placeholders(e) != Placeholders(a)) return $"#{i} ({e.PropertyName}) placeholders {Placeholders(e)} expected, {Placeholders(a)} made";
        }
        return null;
    }

    private static string Placeholders(ValidationFailure f) => f.FormattedMessagePlaceholderValues is null ? "none"
        : string.Join(", ", f.FormattedMessagePlaceholderValues.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={(p.Value is System.Collections.ICollection && p.Value is not string ? $"#{Identity(p.Value)}" : p.Value)}"));

    /// <summary>A list's identity, not its text: the attempted value is the request's own list.</summary>
    private static int Identity(object o) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(o);
}
