using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// Why an event's data does not read as its type, in the words of the contract (docs/events.md) rather than .NET's. The
/// reader said "The JSON value could not be converted to RelationsLedger.Domain.Aspects.StatementMade. Path: $.speaker |
/// LineNumber: 0 | BytePositionInLine: 52." for a speaker given as true: the event's class for the field's type, a line 0,
/// and, for a null, advice to the programmer ("Consider updating its nullability annotation"). Said by import, verify and
/// every reader of a stored event that cannot be read.
/// </summary>
public static partial class EventDataProblem
{
    /// <summary>The reader's refusal of <paramref name="data"/> as <paramref name="entry"/>, reworded; the same path, so the field is still named.</summary>
    public static JsonException Reworded(JsonException e, EventCatalogue.Entry entry, ReadOnlySpan<byte> data)
    {
        var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var type = $"{entry.Name} v{entry.Version}";
        var words = e.Message switch
        {
            var m when m.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal) && field is not null =>
                $"{Given(data, field)} is not {Expected(entry.ClrType, field)}, which {type} takes for '{field}' (docs/events.md)",
            var m when m.Contains("doesn't allow null values", StringComparison.Ordinal) && field is not null =>
                $"'{field}' is null; {type} takes {Expected(entry.ClrType, field)} there (docs/events.md)",
            var m when Missing().Match(m) is { Success: true } missing =>
                $"{type} needs {missing.Groups["names"].Value} (docs/events.md), which the data does not give",
            var m when Unmapped().Match(m) is { Success: true } unmapped =>
                $"'{unmapped.Groups["name"].Value}' is not a field of {type} (docs/events.md)",
            var m => ClassName().Replace(JsonLineProblem.Reason(e), "${name}"),
        };
        return new JsonException(words, e.Path, e.LineNumber, e.BytePositionInLine, e);
    }

    /// <summary>The value given at a top-level or nested field, as JSON (cut when long), or "the value" when it cannot be found.</summary>
    private static string Given(ReadOnlySpan<byte> data, string field)
    {
        try
        {
            JsonNode? node = JsonNode.Parse(data);
            foreach (Match step in Step().Matches(field))
                node = step.Groups["name"].Success ? node?.AsObject()[step.Groups["name"].Value] : node?.AsArray()[int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)];
            var json = node?.ToJsonString() ?? "null";
            return json.Length > 40 ? json[..40] + "…" : json;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            return "the value";
        }
    }

    /// <summary>
    /// What the contract takes at a top-level field, in words; "a value of another kind" for a nested one. Read from the contract
    /// serializer's own description of the type (its fields and their JSON names: <see cref="LedgerJson.Contract"/>).
    /// </summary>
    private static string Expected(Type eventType, string field)
    {
        var property = LedgerJson.Contract.GetTypeInfo(eventType).Properties.FirstOrDefault(p => p.Name == field);
        if (property is null) return "a value of another kind";
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            _ when type == typeof(string) => "text",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(decimal) => "a number",
            _ when type == typeof(PartialDate) => "a partial date (YYYY, YYYY-MM or YYYY-MM-DD)",
            _ when type == typeof(Guid) => "an id (a UUID)",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, LedgerJson.Contract).Trim('"'))),
            _ when type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "a list",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"\.?(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?<index>\d+)\]")]
    private static partial Regex Step();

    [GeneratedRegex(@"missing required properties including: (?<names>.+?)\.?$")]
    private static partial Regex Missing();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex Unmapped();

    /// <summary>A class's full name, <c>RelationsLedger.Domain.Aspects.StatementMade</c>, said by its own name.</summary>
    [GeneratedRegex(@"'?RelationsLedger(\.[A-Za-z0-9_]+)*\.(?<name>[A-Za-z0-9_]+)'?")]
    private static partial Regex ClassName();
}
