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
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Verify;

/// <summary>
/// Verifies an NDJSON export instead of a store — the same chain checks and, with
/// <see cref="Digest"/>, the same digest, at the exporting store's own positions. So an auditor can
/// check a copy from any store (a KurrentDB export included) against a digest taken on it.
/// </summary>
public sealed record VerifyExport(Stream Input, string Name, string? Digest = null) : IRequest<VerifyReport>;

public sealed class VerifyExportValidator : AbstractValidator<VerifyExport>
{
    public VerifyExportValidator() => RuleFor(q => q.Digest).Custom((token, context) =>
    {
        if (token is not null && !LedgerDigest.TryParseToken(token, out _, out _, out _, out var error)) context.AddFailure(context.PropertyPath, error!);
    });
}

public sealed class VerifyExportHandler(CommandValidators validators) : IRequestHandler<VerifyExport, VerifyReport>
{
    public async Task<VerifyReport> Handle(VerifyExport request, CancellationToken cancellationToken)
    {
        var log = new AuditedLog(new EventCommands(validators));
        var problems = new List<ValidationFailure>();
        using var reader = new BoundedLines(request.Input); // as the import reads an export: bounded lines, strict UTF-8
        var number = 0;
        while (true)
        {
            if (problems.Count == ImportEventsHandler.MaxErrors)
            {
                problems.Add(new("file", $"checking stopped after {ImportEventsHandler.MaxErrors} problems in its first {number:N0} lines: the file is not an export."));
                break;
            }
            string? text;
            bool tooLong;
            try
            {
                (text, tooLong) = await reader.ReadAsync(cancellationToken);
            }
            catch (DecoderFallbackException e)
            {
                problems.Add(new($"line {number + 1}", $"not an export line (docs/audit.md): it is not UTF-8: {e.Message}"));
                break;
            }
            if (text is null) break;
            number++;
            if (tooLong) problems.Add(new($"line {number}", $"not an export line (docs/audit.md): it is longer than {BoundedLines.MaxLineChars:N0} characters; an export line is one event."));
            else if (string.IsNullOrWhiteSpace(text)) continue;
            else if (Read(text, out var why) is { } e) await log.AddAsync(e);
            else problems.Add(new($"line {number}", why));
        }
        // A line that is not an export line at all cannot be placed in any chain: the file is not an export.
        if (problems.Count > 0) throw new ValidationException(problems);
        return await VerifyLedgerHandler.ReportAsync(new VerifyLedger(Digest: request.Digest), request.Name, log, []);
    }

    /// <summary>The stored event a line describes, read leniently: content is judged by the hashes, not here.</summary>
    private static RecordedEvent? Read(string text, out string why)
    {
        why = "";
        try
        {
            using var doc = JsonDocument.Parse(text);
            var r = doc.RootElement;
            string S(string name) => r.GetProperty(name).GetString() ?? throw new KeyNotFoundException(name);
            byte[] B(string name) => r.TryGetProperty(name, out var raw) ? Encoding.UTF8.GetBytes(raw.GetRawText()) : Convert.FromBase64String(S(name + "Base64"));
            if (!ExportLine.TryParseTime(S("storedAt"), out var storedAt)) throw new FormatException("storedAt is not a time");
            return new(Guid.Parse(S("eventId")), S("stream"), r.GetProperty("revision").GetUInt64(), GlobalPosition.Parse(S("position")),
                S("type"), B("data"), B("metadata"), storedAt);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            why = $"not an export line (docs/audit.md): {e.Message}";
            return null;
        }
    }
}
