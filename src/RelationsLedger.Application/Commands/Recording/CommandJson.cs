using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation.Results;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// Commands as clients send them in JSON (HTTP bodies, batch items): the command's own fields and the fields
/// every command shares, by their camelCase names, read off the command's constructor — so the API, the batch
/// entry and the commands cannot drift. Every mistake is named by its field, all at once: a field the command
/// does not have, a key given twice, a value of the wrong JSON type, a null where none is allowed. Missing values
/// are left to the command's validator, which says which are required and why.
/// </summary>
public static partial class CommandJson
{
    /// <summary>One field of a command: its JSON name, its CLR type, and whether null is allowed.</summary>
    public sealed record Field(string Name, Type Type, bool Nullable);

    public static readonly IReadOnlySet<string> SourceFields = typeof(SourceInput).GetConstructors().Single().GetParameters()
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)).ToHashSet(StringComparer.Ordinal);

    /// <summary>How deep a document may nest; commands need three levels (a source in the sources of a command).</summary>
    public const int MaxDepth = 16;

    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Field>> Known = new();

    public static IReadOnlyDictionary<string, Field> FieldsOf(Type commandType) => Known.GetOrAdd(commandType, type =>
    {
        var nullability = new NullabilityInfoContext(); // not thread-safe: one per use
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var p in type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters())
            fields[Camel(p.Name!)] = new(Camel(p.Name!), p.ParameterType, nullability.Create(p).WriteState == NullabilityState.Nullable);
        foreach (var p in typeof(RecordCommand).GetProperties().Where(p => p.CanWrite && p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null))
            fields[Camel(p.Name)] = new(Camel(p.Name), p.PropertyType, nullability.Create(p).WriteState == NullabilityState.Nullable);
        return fields;
    });

    /// <summary>
    /// The envelope field the server sets on a command and a client may not give (in a command's body, a batch item or a
    /// batch's shared fields): the name of the API key it was sent with (<see cref="RecordCommand.RecordedThrough"/>).
    /// </summary>
    public const string ServerSet = "recordedThrough";

    /// <summary>Why a body may not give <see cref="ServerSet"/>.</summary>
    public const string ServerSetProblem =
        $"'{ServerSet}' is set by the server to the name of the API key the command is sent with; a body may not give it. Leave it out (who the fact is recorded for is 'recordedBy').";

    public static string List(Type commandType) => string.Join(", ", FieldsOf(commandType).Keys.Order(StringComparer.Ordinal));

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth };

    /// <summary>
    /// Parses a JSON document strictly: a key given twice or nesting deeper than <see cref="MaxDepth"/> is an error.
    /// Returns null with the problem in <paramref name="error"/>.
    /// </summary>
    /// <param name="keysGivenTwice">Whether a key given twice is read (the last one) and left to <see cref="KeysGivenTwice"/>, which
    /// names it where it is: a batch's item and field (<c>commands[3].summary</c>) rather than the whole batch or line.</param>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> json, out string? error, bool keysGivenTwice = false) => Parse(json, lineLength: null, out error, keysGivenTwice);

    /// <summary>
    /// As <see cref="Parse(ReadOnlyMemory{byte}, out string?, bool)"/> for one line of NDJSON (without its '\n'): a problem is placed
    /// by its byte in the line, and a line that ends inside its JSON is said to (a cut, or a command over several lines).
    /// </summary>
    public static JsonDocument? ParseLine(ReadOnlyMemory<byte> line, out string? error, bool keysGivenTwice = false) =>
        Parse(line, JsonLineProblem.LengthOf(line.Span), out error, keysGivenTwice);

    private static readonly JsonDocumentOptions KeysGivenTwiceRead = Strict with { AllowDuplicateProperties = true };

    /// <summary>
    /// Each key given twice in an object of <paramref name="element"/> (at any depth), as a failure under <paramref name="prefix"/>
    /// and the key's path (<c>line 2.actor</c>, <c>commands[0].sources[1].title</c>); true when there was one. JSON parsers
    /// disagree on which of the two wins, so the ledger takes neither.
    /// </summary>
    public static bool KeysGivenTwice(JsonElement element, string prefix, List<ValidationFailure> failures)
    {
        var before = failures.Count;
        Walk(element, prefix);
        return failures.Count > before;

        void Walk(JsonElement e, string path)
        {
            var dot = path.Length == 0 ? "" : path + ".";
            if (e.ValueKind == JsonValueKind.Object)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var named = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                {
                    if (!seen.Add(p.Name) && named.Add(p.Name)) failures.Add(new(dot + p.Name, $"the key '{p.Name}' is given twice; give each field once."));
                    Walk(p.Value, dot + p.Name);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in e.EnumerateArray()) Walk(item, $"{path}[{i++}]");
            }
        }
    }

    /// <param name="lineLength">For one line of NDJSON, its length without trailing spaces (<see cref="Explain(JsonException, int?)"/>).</param>
    private static JsonDocument? Parse(ReadOnlyMemory<byte> json, int? lineLength, out string? error, bool keysGivenTwice)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(json, keysGivenTwice ? KeysGivenTwiceRead : Strict);
        }
        catch (JsonException e)
        {
            error = Explain(e, lineLength);
            return null;
        }
    }

    /// <summary>What is wrong with a document the reader refused, in words (a duplicate key is named; too deep is said so).</summary>
    public static string Explain(JsonException e) => Explain(e, lineLength: null);

    /// <param name="lineLength">For one line of NDJSON, its length without trailing spaces: the reader stopping past it ran out of line.</param>
    private static string Explain(JsonException e, int? lineLength)
    {
        if (Duplicate().Match(e.Message) is { Success: true } m) return $"the key '{m.Groups["key"].Value}' is given twice; give each field once.";
        if (e.Message.Contains("maximum configured depth", StringComparison.Ordinal)) return $"it is nested deeper than {MaxDepth} levels; a command needs three.";
        if (lineLength is { } length)
            return JsonLineProblem.EndsEarly(e, length)
                ? $"it is not valid JSON: the line ends before its JSON does (after byte {length}) — a line cut short, or a command written over several lines? NDJSON takes each command whole on one line."
                : $"it is not valid JSON (at byte {e.BytePositionInLine + 1}).";
        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        return $"it is not valid JSON{where}.";
    }

    [GeneratedRegex("Duplicate property '(?<key>.*)' encountered")]
    private static partial Regex Duplicate();

    /// <summary>
    /// The command of type <paramref name="commandType"/> in <paramref name="json"/>, or null with every problem added to
    /// <paramref name="failures"/> under <paramref name="prefix"/> + the field's name. Fields in <paramref name="ignored"/>
    /// (a batch item's <c>command</c>) belong to the caller.
    /// </summary>
    public static RecordCommand? Read(JsonElement json, Type commandType, string prefix, List<ValidationFailure> failures, IReadOnlySet<string>? ignored = null)
    {
        var name = CommandCatalogue.ForCommand(commandType).Name;
        if (json.ValueKind != JsonValueKind.Object)
        {
            failures.Add(new(prefix.TrimEnd('.') is { Length: > 0 } p ? p : "body", $"a command must be a JSON object with the fields of {name}."));
            return null;
        }
        var before = failures.Count;
        var fields = FieldsOf(commandType);
        foreach (var property in json.EnumerateObject())
        {
            if (ignored?.Contains(property.Name) == true) continue;
            if (property.Name == ServerSet)
                failures.Add(new(prefix + property.Name, ServerSetProblem));
            else if (!fields.TryGetValue(property.Name, out var field))
                failures.Add(new(prefix + property.Name, $"{name} has no field '{property.Name}'; its fields are {List(commandType)}."));
            else if (Problem(property.Value, field) is { } problem)
                failures.Add(new(prefix + property.Name, problem));
        }
        if (json.TryGetProperty("sources", out var sources) && sources.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var source in sources.EnumerateArray())
            {
                if (source.ValueKind != JsonValueKind.Object)
                    failures.Add(new($"{prefix}sources[{i}]", "a source must be an object with at least \"publisher\" and \"title\"."));
                else
                    foreach (var property in source.EnumerateObject())
                    {
                        if (!SourceFields.Contains(property.Name))
                            failures.Add(new($"{prefix}sources[{i}].{property.Name}", $"a source has no field '{property.Name}'; its fields are {string.Join(", ", SourceFields)}."));
                        else if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                            failures.Add(new($"{prefix}sources[{i}].{property.Name}", $"'{property.Name}' must be a string, not {Kind(property.Value)}."));
                    }
                i++;
            }
        }
        if (json.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Object)
            foreach (var change in changes.EnumerateObject().Where(c => c.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
                failures.Add(new($"{prefix}changes.{change.Name}", $"a changed field's value must be a string or null, not {Kind(change.Value)}."));
        if (failures.Count > before) return null;
        try
        {
            return (RecordCommand)json.Deserialize(commandType, LedgerJson.Commands)!;
        }
        catch (JsonException e)
        {
            // The value's JSON is well formed but its text is not (an escaped half of a surrogate pair, say): name the field.
            var field = (e.Path ?? "$").TrimStart('$').TrimStart('.');
            failures.Add(field.Length > 0
                ? new(prefix + field, $"'{field}' cannot be read as text: it is not valid Unicode (an escaped half of a surrogate pair?).")
                : new(prefix.TrimEnd('.') is { Length: > 0 } p ? p : "body", $"it cannot be read as {name}."));
            return null;
        }
    }

    /// <summary>Why a value is not of the field's JSON type (null when it is).</summary>
    private static string? Problem(JsonElement value, Field field)
    {
        var type = Nullable.GetUnderlyingType(field.Type) ?? field.Type;
        if (value.ValueKind == JsonValueKind.Null)
            return field.Nullable || type == typeof(string) ? null : $"'{field.Name}' must not be null: give {Expected(field.Type)} or leave the field out.";
        return type switch
        {
            _ when type == typeof(string) => value.ValueKind == JsonValueKind.String ? null : Wrong(field, value),
            // The form System.Text.Json reads (Guid.TryParse would pass "{…}", which the reader then refuses): one rule, UuidText.
            _ when type == typeof(Guid) => value.ValueKind == JsonValueKind.String && UuidText.TryParse(value.GetString(), out _) ? null
                : value.ValueKind == JsonValueKind.String ? UuidText.Problem(field.Name, value.GetString()) : Wrong(field, value),
            _ when typeof(IEnumerable<SourceInput>).IsAssignableFrom(type) => value.ValueKind == JsonValueKind.Array ? null : Wrong(field, value),
            _ when typeof(IEnumerable<KeyValuePair<string, string?>>).IsAssignableFrom(type) => value.ValueKind == JsonValueKind.Object ? null : Wrong(field, value),
            _ => null,
        };
    }

    private static string Wrong(Field field, JsonElement value) => $"'{field.Name}' must be {Expected(field.Type)}, not {Kind(value)}.";

    /// <summary>What a JSON value is, in words: "an array", "a string"….</summary>
    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };

    /// <summary>What a field's JSON value must be, for an error message.</summary>
    public static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(Guid) => $"a UUID string ({UuidText.Form})",
        var t when typeof(IEnumerable<SourceInput>).IsAssignableFrom(t) => "an array of sources, each {\"publisher\", \"title\", \"url\"?, \"reference\"?, \"publishedOn\"?}",
        var t when typeof(IEnumerable<KeyValuePair<string, string?>>).IsAssignableFrom(t) => "an object whose values are strings or null",
        var t => $"a {JsonNamingPolicy.CamelCase.ConvertName(t.Name)}",
    };

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
