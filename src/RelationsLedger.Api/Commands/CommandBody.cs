using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RelationsLedger.Api.Errors;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Api.Commands;

/// <summary>
/// Reads a command from a JSON body. Every mistake is named by its field: malformed JSON, a field the
/// command does not have, a value of the wrong JSON type. Missing values are left to the command's
/// validator, which says which are required and why.
/// </summary>
public static class CommandBody
{
    public sealed record Read(RecordCommand? Command, bool HasCommandId, IResult? Error);

    public static async Task<Read> ReadAsync(HttpRequest request, CommandFields fields, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, ct);
        }
        catch (JsonException e)
        {
            return Invalid("body", $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Invalid("body", $"The body must be a JSON object with the fields of {fields.Name}.");
            if (Shape(root, fields) is { Count: > 0 } errors) return new(null, false, Problems.Validation(errors));
            try
            {
                var command = (RecordCommand)root.Deserialize(fields.Type, LedgerJson.Commands)!;
                return new(command, root.TryGetProperty("commandId", out _), null);
            }
            catch (JsonException e)
            {
                var field = (e.Path ?? "$").TrimStart('$').TrimStart('.');
                var top = field.Split('.', '[')[0];
                var expected = fields.Fields.TryGetValue(top, out var f) && field == top ? CommandFields.Expected(f.Type) : "of another JSON type";
                return Invalid(field.Length == 0 ? "body" : field, $"'{field}' must be {expected}.");
            }
        }
    }

    /// <summary>Unknown fields, nulls where no null is allowed, and sources that are not objects of known fields.</summary>
    private static Dictionary<string, string[]> Shape(JsonElement root, CommandFields fields)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!fields.Fields.TryGetValue(property.Name, out var field))
                errors[property.Name] = [$"{fields.Name} has no field '{property.Name}'; its fields are {fields.List}."];
            else if (property.Value.ValueKind == JsonValueKind.Null && !field.Nullable && field.Type != typeof(string))
                errors[property.Name] = [$"'{property.Name}' must not be null: give {CommandFields.Expected(field.Type)} or leave the field out."];
        }
        if (root.TryGetProperty("sources", out var sources) && sources.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var source in sources.EnumerateArray())
            {
                if (source.ValueKind != JsonValueKind.Object)
                    errors[$"sources[{i}]"] = ["A source must be an object with at least \"publisher\" and \"title\"."];
                else
                    foreach (var property in source.EnumerateObject().Where(p => !CommandFields.SourceFields.Contains(p.Name)))
                        errors[$"sources[{i}].{property.Name}"] = [$"A source has no field '{property.Name}'; its fields are {string.Join(", ", CommandFields.SourceFields)}."];
                i++;
            }
        }
        return errors;
    }

    private static Read Invalid(string field, string message) => new(null, false, Problems.Validation(field, message));
}
