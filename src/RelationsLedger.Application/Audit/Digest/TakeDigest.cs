using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Digest;

/// <summary>The digest of the whole ledger at its current head (the last event's global position).</summary>
public sealed record TakeDigest : IRequest<LedgerDigest>;

public sealed class TakeDigestHandler(IEventStore store, TimeProvider clock) : IRequestHandler<TakeDigest, LedgerDigest>
{
    public async Task<LedgerDigest> Handle(TakeDigest request, CancellationToken cancellationToken)
    {
        var links = new List<ChainLink>();
        await foreach (var e in LedgerLog.ReadAllAsync(store, ct: cancellationToken)) links.Add(ChainLink.Of(e));
        var head = links.Count == 0 ? GlobalPosition.Start : links[^1].Position;
        return LedgerDigest.Compute(links, head, clock.GetUtcNow());
    }
}
