using System.Text.Encodings.Web;
using System.Text.Json;
using FluentValidation;
using RelationsLedger.Api.Errors;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Output;
using RelationsLedger.Hosting;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A failure as a command reports it: its exit code (<see cref="ExitCodes"/>), the lines a person reads, and for a
/// program (<c>--json</c>) the same as one JSON object on standard error — the API's problem type, the lines as
/// <c>message</c>, and what a program acts on in fields of its own (the fields by name, the conflicting event, the
/// refused items of a batch, the findings). Made in one place so that the two never say different things.
/// </summary>
public sealed record Failure(int ExitCode, string Type, IReadOnlyList<string> Lines, IReadOnlyList<(string Name, object? Value)> Fields)
{
    private const string CliProblem = "urn:relationsledger:problem:";

    /// <summary>The lines with what they echo of the input bounded (<see cref="EchoedText"/>).</summary>
    public IReadOnlyList<string> Lines { get; } = Lines.Select(EchoedText.Bounded).ToList();

    /// <param name="writes">Whether the command records anything (its messages then say that nothing was recorded).</param>
    /// <param name="commandLine">The command line, whose options name the request's fields in the lines (<c>--as-of</c>, not <c>asOf</c>); <c>errors</c> keeps the fields' names, as the API's.</param>
    public static Failure Of(Exception exception, bool writes, System.CommandLine.ParseResult? commandLine = null)
    {
        var nothing = writes ? "; nothing was recorded" : "";
        return exception switch
        {
            ValidationException e => new(ExitCodes.Invalid, ProblemTypes.Validation,
                [$"Invalid input{nothing}:", .. e.Errors.Select(f => FieldNames.Of(f, commandLine)).Select(f => $"  {Printable.Text(f.Field)}: {Printable.Text(f.Message)}")],
                [("errors", e.Errors.GroupBy(f => f.PropertyName).ToDictionary(g => g.Key, g => g.Select(f => EchoedText.Bounded(f.ErrorMessage)).ToList()))]),
            CliInputException or StoreLocationException => new(ExitCodes.Invalid, ProblemTypes.Validation,
                [$"Invalid input{nothing}:", $"  {(exception is StoreLocationException s ? $"{s.Setting}: " : "")}{Printable.Text(exception.Message)}"],
                [("errors", new Dictionary<string, List<string>> { [exception is StoreLocationException l ? l.Field : ((CliInputException)exception).Field] = [EchoedText.Bounded(exception.Message)] })]),
            CommandRefusedException e => new(ExitCodes.Refused, ProblemTypes.CommandRefused,
                [$"{Printable.Text(e.Message)} Nothing was recorded."],
                [("eventType", e.Type), ("conflictingEventId", e.Conflict.ConflictingEventId)]),
            BatchRefusedException e => new(ExitCodes.Refused, ProblemTypes.BatchRefused,
                ["The batch contradicts the record; nothing was recorded. Refused:", .. e.Refused.Select(r => $"  {Printable.Text(r.ToString())}")],
                [("refused", LedgerExceptionHandler.RefusedItems(e.Refused))]),
            BatchPartlyRecordedException e => new(ExitCodes.StoreUnavailable, ProblemTypes.BatchPartlyRecorded, [Printable.Text(e.Message)],
                [("recordedStreams", e.RecordedStreams), ("failedStream", e.FailedStream), ("refused", LedgerExceptionHandler.RefusedItems(e.Refused))]),
            CommandIdReusedException e => new(ExitCodes.CommandIdReused, ProblemTypes.IdempotencyKeyReused, [Printable.Text(e.Message)],
                e.Item is null ? [("recordedEventId", e.CommandId), ("stream", e.Stream)] : [("recordedEventId", e.CommandId), ("stream", e.Stream), ("item", e.Item)]),
            StoreUnavailableException e => new(ExitCodes.StoreUnavailable, ProblemTypes.StoreUnavailable, [Printable.Text(e.Message)], []),
            Application.Audit.Chain.LedgerTamperedException e => new(ExitCodes.IntegrityFailure, ProblemTypes.LedgerTampered,
                [Printable.Text(e.Message) + (writes ? " Nothing was recorded." : ""), .. e.Findings.Select(f => $"  {Printable.Text(f.ToString())}")],
                [("findings", e.Findings.Select(f => EchoedText.Bounded(f.ToString())).ToList())]),
            StreamHiddenException e => new(ExitCodes.IntegrityFailure, ProblemTypes.LedgerTampered, [Printable.Text(e.Message)],
                [("findings", new[] { Application.Audit.Chain.ChainFinding.Of(e.Hidden).ToString() })]),
            ProjectionFailedException e => new(ExitCodes.ReadModelFailed, CliProblem + "read-model-stopped",
                [$"{Printable.Text(e.Message)}{Environment.NewLine}Everything before that event is projected; the next run starts with it again."], []),
            ReadModelUnavailableException e => new(ExitCodes.ReadModelFailed, ProblemTypes.ReadModelUnavailable, [Printable.Text(e.Message)], []),
            Api.Hosting.ApiConfigurationException e => new(ExitCodes.Invalid, ProblemTypes.Validation, [Printable.Text(e.Message)], []),
            OutputUnwritableException e => new(ExitCodes.OutputUnwritable, CliProblem + "output-unwritable", [Printable.Text(e.Message) + (writes
                ? " What the command recorded before it printed stays recorded ('ledger history' shows it)."
                : " The ledger was not changed.")], []),
            // Not "nothing was recorded": what it recorded before stays.
            Application.Audit.Import.ImportCancelledException e => new(ExitCodes.Cancelled, CliProblem + "cancelled", [Printable.Text(e.Message)], []),
            OutputCancelledException e => new(ExitCodes.Cancelled, CliProblem + "cancelled", [Printable.Text(e.Message)], []),
            OperationCanceledException => new(ExitCodes.Cancelled, CliProblem + "cancelled", [$"Cancelled{nothing}."], []),
            _ => new(ExitCodes.Internal, ProblemTypes.Internal,
                [$"ledger: unexpected error: {exception.GetType().Name}: {Printable.Text(exception.Message)} This is a bug; please report it" +
                    (Environment.GetEnvironmentVariable(Errors.DebugVariable) is { Length: > 0 } ? $".{Environment.NewLine}{exception}" : $" (set {Errors.DebugVariable}=1 to see its details).")], []),
        };
    }

    /// <summary>To standard error: the lines, or with <see cref="CliOutput.JsonErrors"/> one line of JSON.</summary>
    public async Task WriteAsync(CliOutput io)
    {
        if (!io.JsonErrors)
        {
            foreach (var line in Lines) await io.Error.WriteLineAsync(line);
            return;
        }
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("exitCode", ExitCode);
            json.WriteString("type", Type);
            json.WriteString("message", string.Join('\n', Lines));
            foreach (var (name, value) in Fields)
            {
                json.WritePropertyName(name);
                JsonSerializer.Serialize(json, value, value?.GetType() ?? typeof(object), JsonOptions);
            }
            json.WriteEndObject();
        }
        await io.Error.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The fields are strings, ids, lists and maps of them: reflection over those few types, camel-cased like the API.</summary>
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // text for a program or a log, not for a web page
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
