using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using RelationsLedger.Api.Errors;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Api.Commands;

/// <summary>Reads a command from a JSON body (<see cref="CommandJson"/>): every mistake at once, each named by its field.</summary>
public static class CommandBody
{
    public sealed record Read(RecordCommand? Command, bool HasCommandId, IResult? Error);

    public static async Task<Read> ReadAsync(HttpRequest request, Type commandType, CancellationToken ct)
    {
        var read = await BodyLimit.ReadAsync(request, BodyLimit.Of(request.HttpContext), ct);
        if (read.Error is not null) return new(null, false, read.Error);
        var body = read.Bytes.AsMemory();
        // Before any JSON is read, as a batch's body is checked: a JSON reader takes such bytes inside a string and then says the field is "not valid Unicode".
        if (Utf8Text.FirstProblem(body.Span) is var (_, problem)) return new(null, false, Problems.Validation("body", $"The body {problem}."));
        using var document = CommandJson.Parse(body, out var error);
        if (document is null) return new(null, false, Problems.Validation("body", $"The body is refused: {error}"));
        var failures = new List<ValidationFailure>();
        var command = CommandJson.Read(document.RootElement, commandType, "", failures);
        return command is null
            ? new(null, false, Problems.Validation(failures.GroupBy(f => f.PropertyName).ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).ToArray())))
            : new(command, document.RootElement.TryGetProperty("commandId", out _), null);
    }
}
