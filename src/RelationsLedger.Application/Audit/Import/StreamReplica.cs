using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// A relationship's record as the import would leave it: what the store holds, then each
/// accepted line. The import decides every line against it, as a command is decided against the
/// stream it reads, without writing anything. Only what decisions need is kept of the stored history
/// (its facts, not its events' bytes and envelopes): an import may hold every stream of the ledger.
/// </summary>
internal sealed class StreamReplica(RelationshipHistory stored)
{
    private readonly List<Fact> _facts = stored.Facts.ToList();

    /// <summary>
    /// What a decision needs about the record so far, extended as lines are accepted: a line that lands
    /// at the end of the timeline is decided in constant time, as a command is.
    /// </summary>
    public DecisionBasis Basis { get; private set; } = stored.Basis;

    public ulong NextRevision { get; private set; } = (ulong)stored.Events.Count;
    public string? HeadHash { get; private set; } = stored.LastHash;
    public DateTimeOffset? HeadRecordedAt { get; private set; } = stored.Events.Count == 0 ? null : stored.Events[^1].RecordedAt;

    private readonly ulong _storedCount = (ulong)stored.Events.Count;

    /// <summary>Whether lines of the file were accepted into this stream.</summary>
    public bool Changed => NextRevision != _storedCount;

    public void Accept(ImportLine line, Fact fact)
    {
        _facts.Add(fact);
        Basis = Basis.Extend(_facts);
        NextRevision++;
        HeadHash = line.Envelope.Hash;
        HeadRecordedAt = line.RecordedAt;
    }
}
