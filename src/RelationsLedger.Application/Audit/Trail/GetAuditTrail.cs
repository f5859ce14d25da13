using System.Text.Json;
using MediatR;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Audit.Trail;

/// <summary>
/// The relationship of A and B replayed event by event, in recording order, with provenance and
/// what each event changed in the ledger's picture of the relationship; as known at a moment when
/// <see cref="KnownAt"/> is given (only events recorded by then).
/// </summary>
public sealed record GetAuditTrail(string PartyA, string PartyB, DateTimeOffset? KnownAt = null) : IRequest<AuditTrail>, IKnownAtQuestion;

/// <summary>
/// The diff of each entry is between the state as known just before the event was recorded and
/// just after, each folded over every effective date (docs/audit.md, "What ledger audit shows").
/// </summary>
public sealed record AuditTrail(string Relationship, string Stream, DateTimeOffset? KnownAt, IReadOnlyList<AuditEntry> Entries);

/// <summary>One recorded event: both times, who recorded it from which sources, its chain hashes, and its effect.</summary>
public sealed record AuditEntry(
    ulong Revision, string Position, Guid EventId, string Type, PartialDate EffectiveDate,
    DateTimeOffset RecordedAt, DateTimeOffset StoredAt, string RecordedBy, string? RecordedThrough, IReadOnlyList<Source> Sources,
    Guid CorrelationId, Guid CausationId, Guid? Mends, JsonElement Data, string? PreviousHash, string Hash,
    IReadOnlyList<StateChange> Changes);

public sealed class GetAuditTrailValidator(LedgerNow ledger) : OneRuleValidator<GetAuditTrail>
{
    protected override void Check(GetAuditTrail q, OneRule<GetAuditTrail> rule)
    {
        rule.TwoParties(nameof(q.PartyA), q.PartyA, nameof(q.PartyB), q.PartyB);
        QueryRules.KnownAtNotToCome(ledger, q, rule);
    }
}
