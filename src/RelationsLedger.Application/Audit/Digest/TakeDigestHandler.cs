using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Digest;

/// <summary>
/// A digest certifies the ledger as it stands: one is not taken of a ledger whose chains do not verify, since
/// it would certify the tampering (<see cref="LedgerTamperedException"/> names what <c>verify</c> finds).
/// </summary>
public sealed class TakeDigestHandler(IEventStore store, CommandValidators validators, TimeProvider clock) : IRequestHandler<TakeDigest, LedgerDigest>
{
    public async Task<LedgerDigest> Handle(TakeDigest request, CancellationToken cancellationToken)
    {
        using var log = new AuditedLog(new EventCommands(validators));
        var (now, times) = (clock.GetUtcNow(), new List<ChainFinding>());
        await foreach (var e in LedgerLog.ReadAllAsync(store, ct: cancellationToken))
        {
            var before = log.Last;
            // As verify checks them: a digest would certify a changed recorded time, which it covers.
            if (RecordedTimeChecks.Check(await log.AddAsync(e), before, now) is { } finding) times.Add(finding);
        }
        times.AddRange(await ReservedIds.OfLedgerAsync(store, log, cancellationToken)); // as verify names them
        if (await DamagedIndexes.FindAsync(store, cancellationToken) is { } damaged) times.Add(damaged); // as verify names it
        var findings = await log.FindingsAsync(times);
        await foreach (var hidden in store.HiddenStreamsAsync(cancellationToken)) findings.Add(ChainFinding.Of(hidden));
        if (findings.Count > 0) throw LedgerTamperedException.NoDigest(findings);
        var head = log.Last?.Position ?? GlobalPosition.Start;
        return LedgerDigest.Compute(log.Links, head, now);
    }
}
