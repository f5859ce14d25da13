using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Pipeline;

namespace RelationsLedger.Application.Audit.Verify;

/// <summary>
/// Replays the whole ledger (or the relationship of A and B) from the store and recomputes every
/// hash and chain link; with <see cref="Digest"/>, also proves that nothing recorded up to the
/// digest's position has changed since it was taken.
/// </summary>
public sealed record VerifyLedger(string? PartyA = null, string? PartyB = null, string? Digest = null) : IRequest<VerifyReport>;

/// <summary>The answer: OK with counts, or every finding by stream, revision, event id and kind.</summary>
public sealed record VerifyReport(
    bool Ok, string Scope, int Streams, long Events, string? HeadPosition, IReadOnlyList<ChainFinding> Findings, DigestCheck? Digest)
{
    /// <summary>
    /// Of an export file (<c>verify --file</c>): whether it ends with the export's end line, whose counts matched (<see cref="Export.ExportEnd"/>);
    /// without it the file may be cut short. Null for a store.
    /// </summary>
    public bool? EndLine { get; init; }
}

/// <summary>Whether the ledger up to the digest's position still produces the digest.</summary>
public sealed record DigestCheck(string Token, string Position, DateTimeOffset TakenAt, bool Matches, int Streams, long Events, string Detail);

public sealed class VerifyLedgerValidator : OneRuleValidator<VerifyLedger>
{
    protected override void Check(VerifyLedger q, OneRule<VerifyLedger> rule)
    {
        if (q.PartyA is not null || q.PartyB is not null)
        {
            rule.TwoParties(nameof(q.PartyA), q.PartyA, nameof(q.PartyB), q.PartyB);
            rule.Null(nameof(q.Digest), q.Digest, "a digest covers the whole ledger; verify it without naming a relationship.");
        }
        if (q.Digest is not null && !LedgerDigest.TryParseToken(q.Digest, out _, out _, out _, out var error)) rule.Add(nameof(q.Digest), TemplateText.Literal(error));
    }
}
