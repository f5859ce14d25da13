using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Digest;

/// <summary>The digest of the whole ledger at its current head (the last event's global position).</summary>
public sealed record TakeDigest : IRequest<LedgerDigest>;
