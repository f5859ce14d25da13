using System.Text;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Export;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Application.Audit.Verify;

/// <summary>
/// Verifies an NDJSON export instead of a store — the same chain checks and, with
/// <see cref="Digest"/>, the same digest, at the exporting store's own positions. So an auditor can
/// check a copy from any store (a KurrentDB export included) against a digest taken on it.
/// </summary>
public sealed record VerifyExport(Stream Input, string Name, string? Digest = null) : IRequest<VerifyReport>;

public sealed class VerifyExportValidator : OneRuleValidator<VerifyExport>
{
    protected override void Check(VerifyExport q, OneRule<VerifyExport> rule)
    {
        if (q.Digest is not null && !LedgerDigest.TryParseToken(q.Digest, out _, out _, out _, out var error)) rule.Add(nameof(q.Digest), TemplateText.Literal(error));
    }
}

public sealed class VerifyExportHandler(CommandValidators validators, TimeProvider clock) : IRequestHandler<VerifyExport, VerifyReport>
{
    public async Task<VerifyReport> Handle(VerifyExport request, CancellationToken cancellationToken)
    {
        using var log = new AuditedLog(new EventCommands(validators));
        var problems = new List<ValidationFailure>();
        var reader = new BoundedLines(request.Input); // as the import reads an export: bounded lines, strict UTF-8
        var number = 0;
        var order = new RisingPositions(); // as the import checks it
        // Recorded times are checked as in a store (RecordedTimeChecks): a time the import refuses as in the future, and a stored
        // time earlier than the line before it, since the file's lines are in the exporting store's global order (checked above).
        var (now, times) = (clock.GetUtcNow(), new List<ChainFinding>());
        ChainLink? before = null;
        var ends = new ExportEndCheck(); // the end line's counts, as the import checks them
        while (true)
        {
            if (problems.Count >= ImportEventsHandler.MaxErrors) // a line may have several
            {
                problems.RemoveRange(ImportEventsHandler.MaxErrors, problems.Count - ImportEventsHandler.MaxErrors);
                problems.Add(new("file", $"checking stopped after {ImportEventsHandler.MaxErrors} problems in its first {number:N0} lines: the file is not an export."));
                break;
            }
            if (await reader.ReadAsync(cancellationToken) is not { } line) break;
            number++;
            if (line.Problem is null && line.IsBlank) continue;
            if (ends.EndLine is { } end)
            {
                problems.Add(new($"line {number}", $"(line): {ExportEndCheck.After(end)}")); // as the import names it, and not read further
                break;
            }
            if (line.Problem is { } problem) // as the import names it; the reader goes on with the next or ends
            {
                problems.Add(new($"line {number}", $"(line): {problem}"));
                ends.Event(null, null);
            }
            else if (ExportEnd.Is(line.Utf8.Span)) ends.End(number, line.Utf8, (field, why) => problems.Add(new($"line {number}", $"{field}: {why}")));
            else if (Read(number, line.Utf8, problems) is not ({ } e, var recordedAt)) ends.Event(null, null);
            else
            {
                ends.Event(e.Stream, e.Position);
                if (order.Next(number, e.Position) is { } outOfOrder) problems.Add(new($"line {number}", $"position: {outOfOrder}"));
                var link = await log.AddAsync(e); // the envelope is read once, here; its originallyRecordedAt is the link's RecordedAt where it differs from StoredAt
                if (link.Unreadable is null && ExportLineFields.RecordedAtProblem(recordedAt, link.StoredAt, link.RecordedAt == link.StoredAt ? null : link.RecordedAt) is { } differs)
                    problems.Add(new($"line {number}", $"recordedAt: {differs}"));
                else if (link.Unreadable is null && RecordedTimeChecks.Check(link, before, now) is { } time) times.Add(time);
                before = link;
            }
        }
        // A line that is not an export line at all cannot be placed in any chain: the file is not an export.
        if (problems.Count > 0) throw new ValidationException(problems);
        return await VerifyLedgerHandler.ReportAsync(new VerifyLedger(Digest: request.Digest), request.Name, log, times) with { EndLine = ends.EndLine is not null };
    }

    /// <summary>
    /// The stored event a line describes and its recordedAt; no event, with its problems added to <paramref name="problems"/>. Its own fields are read as
    /// the import reads them (<see cref="ExportLineFields"/>); what the hashes cover is judged by them, not here.
    /// </summary>
    private static (RecordedEvent? Event, DateTimeOffset RecordedAt) Read(int number, ReadOnlyMemory<byte> utf8, List<ValidationFailure> problems)
    {
        var before = problems.Count;
        // One delegate for the line's every field, as the import's (ImportLine.Parse): a local function passed as a method group
        // is a new delegate at each call, eleven a line.
        Action<string, string> problem = (field, why) => problems.Add(new($"line {number}", $"{field}: {why}"));
        if (ExportLineFields.Parse(utf8, problem) is not { } doc) return default;
        using var _ = doc;
        var root = doc.RootElement;
        if (!ExportLineFields.CheckNames(root, problem)) return default;
        var position = ExportLineFields.Position(root, problem);
        var id = ExportLineFields.EventId(root, problem);
        var stream = ExportLineFields.Text(root, "stream", problem);
        var revision = ExportLineFields.Revision(root, problem);
        var type = ExportLineFields.Text(root, "type", problem);
        var recordedAt = ExportLineFields.Time(root, "recordedAt", problem);
        var storedAt = ExportLineFields.Time(root, "storedAt", problem);
        var data = ExportLineFields.Bytes(root, "data", objectsOnly: false, problem);
        var metadata = ExportLineFields.Bytes(root, "metadata", objectsOnly: false, problem);
        return problems.Count > before ? default
            : (new(id!.Value, stream!, revision!.Value, position!.Value, type!, data!, metadata!, storedAt!.Value), recordedAt!.Value);
    }
}
