using MediatR;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Digest;

/// <summary>The ledger does not verify: the findings say where. No digest was taken.</summary>
public sealed class LedgerTamperedException(IReadOnlyList<ChainFinding> findings)
    : Exception($"No digest was taken: the ledger does not verify ({findings.Count} finding(s)); a digest would certify the changes. Run 'ledger verify' for them.")
{
    public IReadOnlyList<ChainFinding> Findings { get; } = findings;
}
