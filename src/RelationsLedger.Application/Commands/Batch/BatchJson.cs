using System.Text.Json;
using FluentValidation.Results;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// A batch as clients write it, in one of three forms: NDJSON (one command per line; blank lines are skipped), a JSON
/// array of commands, or an object <c>{"sources": […], "recordedBy": …, "correlationId": …, "commands": […]}</c> whose
/// provenance is shared by the commands that do not give their own. Each command is
/// <c>{"command": "impose-designation", …the fields of POST /commands/impose-designation}</c>, read strictly by
/// <see cref="CommandJson"/>. Every mistake of every item is reported at once, named by item and field.
/// <para>
/// Every batch has a correlation id, so that its events can be found together: the one given at the top, else the
/// first command's id (as a single command's correlation defaults to its own id) — the same on every retry of the same batch.
/// </para>
/// </summary>
public static class BatchJson
{
    public const string CommandField = "command";
    public const string CommandsField = "commands";

    /// <summary>The fields the object form may give at the top; each applies to the commands that lack it.</summary>
    public static readonly IReadOnlyList<string> SharedFields = ["sources", "recordedBy", "correlationId"];

    private static readonly IReadOnlySet<string> Ignored = new HashSet<string>(StringComparer.Ordinal) { CommandField };

    /// <summary>The batch in <paramref name="json"/>, or null with every problem in <paramref name="failures"/>.</summary>
    public static RecordBatch? Read(ReadOnlyMemory<byte> json, List<ValidationFailure> failures) => Read(json, failures, out _);

    /// <summary>
    /// As <see cref="Read(ReadOnlyMemory{byte}, List{ValidationFailure})"/>, and in <paramref name="readable"/> the items that could be
    /// read even when others could not: to be validated too, so that every problem of the batch is reported at once (never to be recorded).
    /// </summary>
    public static RecordBatch? Read(ReadOnlyMemory<byte> json, List<ValidationFailure> failures, out RecordBatch? readable)
    {
        readable = null;
        var before = failures.Count;
        if (json.Length > BatchLimits.MaxBytes)
        {
            failures.Add(new("batch", $"the batch has {json.Length:N0} bytes; a batch may have at most {BatchLimits.MaxBytes:N0}. Split it."));
            return null;
        }
        if (json.Span.StartsWith("\uFEFF"u8)) json = json[3..];
        // Before any JSON is read: a JSON reader takes such bytes inside a string and then says the field is "not valid Unicode".
        if (Utf8Text.Problems(json.Span, most: BatchLimits.MaxItems) is { Count: > 0 } problems)
        {
            failures.AddRange(problems.Select(p => new ValidationFailure($"line {p.Line}", p.Problem + ".")));
            return null;
        }
        var text = json.Span;
        var start = text.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
        {
            failures.Add(new("batch", "the batch is empty: give at least one command (NDJSON, a JSON array, or an object with \"commands\")."));
            return null;
        }

        var items = new List<BatchItem>();
        Shared shared = new(null, null, null);
        if (text[start] == (byte)'[' && !IsNdjsonOfArrays(json))
        {
            using var document = Parse(json, "batch", failures);
            if (document is not null) ReadArray(document.RootElement, CommandsField, shared, items, failures);
        }
        else if (TryParseWhole(json) is { } whole)
        {
            using (whole)
            {
                var root = whole.RootElement;
                if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty(CommandsField, out _) || IsBatchObject(root)))
                {
                    shared = ReadShared(root, failures);
                    if (root.TryGetProperty(CommandsField, out var commands)) ReadArray(commands, CommandsField, shared, items, failures);
                    else failures.Add(new(CommandsField, $"a batch object gives its commands in '{CommandsField}': {{\"{CommandsField}\": [{{\"command\": \"<name>\", …its fields}}, …]}}, " +
                        $"beside the {string.Join(", ", SharedFields)} they share; this one has no '{CommandsField}'."));
                }
                else ReadItem(root, LinesOf(text, start), shared, items, failures); // one command: NDJSON of one line, or one object over several lines
            }
        }
        else
        {
            var lines = failures.Count;
            ReadLines(json, shared, items, failures);
            // No line holds a command, several are refused, and the whole is one document over several lines that is not valid JSON
            // (a trailing comma, a bracket missing): said once, where the reader stopped. Before round 57 each of its lines was
            // refused as a line of NDJSON ("line 2: … not valid JSON (at byte 12)", one for every line of a pretty-printed batch),
            // and none named the mistake.
            // Not when the first line is a whole value: that is NDJSON whose every line was refused (each named), not a document
            // (round 61: two lines, each a command with a field it does not have, were "not valid JSON (line 2, byte 1)").
            if (items.Count == 0 && failures.Count - lines > 1 && text[start] == (byte)'{' && !FirstLineIsWhole(json[start..])
                && CommandJson.Parse(json, out var error, keysGivenTwice: true) is null)
            {
                failures.RemoveRange(lines, failures.Count - lines);
                failures.Add(new(LinesOf(text, start), $"cannot be read: {error} Written over several lines, a batch is one JSON document (an object with " +
                    $"\"{CommandsField}\", or an array); NDJSON takes each command whole on one line."));
            }
        }

        if (items.Count == 0)
        {
            if (failures.Count == before) failures.Add(new("batch", "the batch is empty: give at least one command."));
            return null;
        }
        var correlation = shared.CorrelationId ?? items[0].Command.CommandId;
        readable = new RecordBatch(items, correlation);
        return failures.Count > before ? null : readable;
    }

    /// <summary>
    /// An object that is a batch's, not a command's, though it has no <c>commands</c>: it names no command and holds no
    /// field only a command has — only the fields a batch shares with its commands, and others no command has (a misspelt
    /// <c>commands</c>). Read as a command it was refused as one whose 'command' is missing ("line 1.command"), of a batch
    /// the user wrote in the object form; read as a batch, each field it should not have is named, and the missing list.
    /// </summary>
    private static bool IsBatchObject(JsonElement top) =>
        !top.TryGetProperty(CommandField, out _) && top.EnumerateObject().All(p => !CommandOnlyFields.Contains(p.Name));

    /// <summary>The fields some command has that a batch does not share with its commands.</summary>
    private static readonly IReadOnlySet<string> CommandOnlyFields = CommandCatalogue.All
        .SelectMany(e => CommandJson.FieldsOf(e.CommandType).Keys).Where(f => !SharedFields.Contains(f)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The name of a batch that is one command object: <c>line N</c> when it is on one line (NDJSON of one command), else
    /// <c>lines N-M</c>, where it is — before, always "line 1", of an object written over several lines, or after blank ones.
    /// </summary>
    private static string LinesOf(ReadOnlySpan<byte> text, int start)
    {
        var first = 1 + text[..start].Count((byte)'\n');
        var last = 1 + text[..(text.LastIndexOfAnyExcept(" \t\r\n"u8) + 1)].Count((byte)'\n');
        return first == last ? $"line {first}" : $"lines {first}-{last}";
    }

    private sealed record Shared(IReadOnlyList<SourceInput>? Sources, string? RecordedBy, Guid? CorrelationId);

    private static JsonDocument? Parse(ReadOnlyMemory<byte> json, string where, List<ValidationFailure> failures)
    {
        var document = CommandJson.Parse(json, out var error, keysGivenTwice: true); // named by item and field when read (ReadItem)
        if (document is null) failures.Add(new(where, $"cannot be read: {error}"));
        return document;
    }

    private static JsonDocument? TryParseWhole(ReadOnlyMemory<byte> json)
    {
        try
        {
            // A key given twice is read, to be named by item and field (ReadItem, ReadShared) rather than the document refused whole.
            return JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = true, MaxDepth = CommandJson.MaxDepth });
        }
        catch (JsonException)
        {
            return null; // not one document: NDJSON, read line by line, each line's problem named by its line
        }
    }

    /// <summary>
    /// Lines that each hold a whole JSON value, the first an array: NDJSON whose lines hold arrays (of commands, as a batch
    /// file in one array would), not one array over several lines. Read line by line, a line is named with what it holds;
    /// read as one document, the JSON reader stopped at the second line's first byte and said only "not valid JSON (line 2, byte 1)".
    /// </summary>
    private static bool IsNdjsonOfArrays(ReadOnlyMemory<byte> json)
    {
        var end = json.Span.IndexOf((byte)'\n');
        // One line is one document; a first line that is a whole value with more after it cannot be one document either.
        if (end < 0 || json.Span[(end + 1)..].IndexOfAnyExcept(" \t\r\n"u8) < 0) return false;
        using var first = CommandJson.ParseLine(json[..end], out _);
        return first?.RootElement.ValueKind == JsonValueKind.Array;
    }

    /// <summary>Whether the first line is a whole JSON value on its own, as each line of NDJSON is.</summary>
    private static bool FirstLineIsWhole(ReadOnlyMemory<byte> json)
    {
        var end = json.Span.IndexOf((byte)'\n');
        using var first = CommandJson.ParseLine(end < 0 ? json : json[..end], out _);
        return first is not null;
    }

    private static void ReadLines(ReadOnlyMemory<byte> json, Shared shared, List<BatchItem> items, List<ValidationFailure> failures)
    {
        var line = 0;
        var rest = json;
        while (rest.Length > 0)
        {
            line++;
            var end = rest.Span.IndexOf((byte)'\n');
            var current = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (current.Span.IndexOfAnyExcept(" \t\r"u8) < 0) continue;
            var label = $"line {line}";
            if (items.Count + failures.Count >= BatchLimits.MaxItems * 2) break; // enough said; the limit is reported below
            if (current.Span.StartsWith("\uFEFF"u8))
            {
                failures.Add(new(label, "begins with a byte-order mark (the bytes EF BB BF), which only the start of a file may hold — files that each begin with one, joined together? Remove it."));
                continue;
            }
            using var document = CommandJson.ParseLine(current, out var error, keysGivenTwice: true);
            if (document is null) failures.Add(new(label, $"cannot be read: {error}"));
            else ReadItem(document.RootElement, label, shared, items, failures);
        }
        if (items.Count > BatchLimits.MaxItems)
            failures.Add(new("batch", $"the batch has more than {BatchLimits.MaxItems} commands; a batch may have at most {BatchLimits.MaxItems}. Split it."));
    }

    private static void ReadArray(JsonElement array, string name, Shared shared, List<BatchItem> items, List<ValidationFailure> failures)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            failures.Add(new(name, $"'{name}' must be an array of commands, each {{\"command\": \"<name>\", …its fields}}."));
            return;
        }
        if (array.GetArrayLength() > BatchLimits.MaxItems)
        {
            failures.Add(new("batch", $"the batch has {array.GetArrayLength()} commands; a batch may have at most {BatchLimits.MaxItems}. Split it."));
            return;
        }
        var i = 0;
        foreach (var element in array.EnumerateArray()) ReadItem(element, $"{name}[{i++}]", shared, items, failures);
    }

    private static Shared ReadShared(JsonElement top, List<ValidationFailure> failures)
    {
        IReadOnlyList<SourceInput>? sources = null;
        string? recordedBy = null;
        Guid? correlation = null;
        var (seen, twice) = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        foreach (var property in top.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                if (twice.Add(property.Name)) failures.Add(new(property.Name, $"the key '{property.Name}' is given twice; give each field once."));
            }
            else if (property.Name != CommandsField && CommandJson.KeysGivenTwice(property.Value, property.Name, failures)) continue; // the commands: each item's own
            switch (property.Name)
            {
                case CommandsField:
                    break;
                case "sources" when property.Value.ValueKind == JsonValueKind.Array:
                    var before = failures.Count;
                    var i = 0;
                    foreach (var source in property.Value.EnumerateArray())
                    {
                        if (source.ValueKind != JsonValueKind.Object)
                            failures.Add(new($"sources[{i}]", "a source must be an object with at least \"publisher\" and \"title\"."));
                        else
                            foreach (var field in source.EnumerateObject())
                                if (!CommandJson.SourceFields.Contains(field.Name))
                                    failures.Add(new($"sources[{i}].{field.Name}", $"a source has no field '{field.Name}'; its fields are {string.Join(", ", CommandJson.SourceFields)}."));
                                else if (field.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                                    failures.Add(new($"sources[{i}].{field.Name}", $"'{field.Name}' must be a string."));
                        i++;
                    }
                    if (failures.Count == before) sources = property.Value.Deserialize<List<SourceInput>>(LedgerJson.Commands);
                    break;
                case "recordedBy" when property.Value.ValueKind == JsonValueKind.String:
                    recordedBy = property.Value.GetString();
                    break;
                case "correlationId" when property.Value.ValueKind == JsonValueKind.String && UuidText.TryParse(property.Value.GetString(), out var id) && id != Guid.Empty:
                    correlation = id;
                    break;
                case "sources" or "recordedBy" or "correlationId":
                    failures.Add(new(property.Name, $"'{property.Name}' must be {(property.Name switch { "sources" => "an array of sources", "recordedBy" => "a string", _ => $"a UUID string in the form {UuidText.Form} (not the empty id)" })}{(property.Value.ValueKind == JsonValueKind.String ? $"; '{property.Value.GetString()}' is not" : "")}."));
                    break;
                case CommandJson.ServerSet:
                    failures.Add(new(property.Name, CommandJson.ServerSetProblem));
                    break;
                default:
                    failures.Add(new(property.Name, $"a batch has no field '{property.Name}'; its fields are {string.Join(", ", SharedFields)} and {CommandsField}."));
                    break;
            }
        }
        return new(sources, recordedBy, correlation);
    }

    private static void ReadItem(JsonElement element, string label, Shared shared, List<BatchItem> items, List<ValidationFailure> failures)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            // On a line of NDJSON an array is the likely slip: a batch of one array per line, or an array cut into lines.
            var line = label.StartsWith("line ", StringComparison.Ordinal) && element.ValueKind == JsonValueKind.Array
                ? " NDJSON takes one command object per line: write each command on its own line, or give the whole batch as one JSON array."
                : "";
            failures.Add(new(label, $"a command must be a JSON object: {{\"command\": \"<name>\", …its fields}}; this is {CommandJson.Kind(element)}.{line}"));
            return;
        }
        // Before round 57 a key given twice was named by the whole line ("line 1: cannot be read: the key 'actor' is given twice"), or
        // by "batch" in an array, which did not say which command held it.
        if (CommandJson.KeysGivenTwice(element, label, failures)) return;
        if (!element.TryGetProperty(CommandField, out var name) || name.ValueKind != JsonValueKind.String)
        {
            failures.Add(new($"{label}.{CommandField}", $"'{CommandField}' must name the command as a string, e.g. \"impose-designation\" ({Known()})."));
            return;
        }
        if (CommandCatalogue.Named(name.GetString()!) is not { } entry)
        {
            failures.Add(new($"{label}.{CommandField}", $"'{name.GetString()}' is not a command; the commands are {Known()}."));
            return;
        }
        var command = CommandJson.Read(element, entry.CommandType, label + ".", failures, Ignored);
        if (command is null) return;
        if (!element.TryGetProperty("sources", out _) && shared.Sources is { } sources) command = command with { Sources = sources };
        if (!element.TryGetProperty("recordedBy", out _) && shared.RecordedBy is { } recorder) command = command with { RecordedBy = recorder };
        if (!element.TryGetProperty("correlationId", out _) && shared.CorrelationId is { } correlation) command = command with { CorrelationId = correlation };
        items.Add(new BatchItem(label, command, IdGiven: element.TryGetProperty("commandId", out _)));
    }

    private static string Known() => string.Join(", ", CommandCatalogue.All.Select(e => e.Name));
}
