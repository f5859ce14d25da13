using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// A relationship's record as the import would leave it: what the store holds, then each
/// line of the file. The import decides every line against it, as a command is decided against the
/// stream it reads, without writing anything. Only what decisions need is kept of the stored history
/// (its facts, not its events' bytes and envelopes): an import may hold every stream of the ledger.
/// </summary>
internal sealed class StreamReplica(RelationshipHistory stored)
{
    /// <summary>
    /// The lines' decisions, by line number: a line that lands at the end of the timeline is decided in constant time,
    /// as a command is; the lines a batch recorded together, together.
    /// </summary>
    public StreamDecisions<int> Decisions { get; } = new(stored.Key, stored.Facts, stored.Basis);

    public ulong NextRevision { get; private set; } = (ulong)stored.Events.Count;
    public string? HeadHash { get; private set; } = stored.LastHash;
    public DateTimeOffset? HeadRecordedAt { get; private set; } = stored.Events.Count == 0 ? null : stored.Events[^1].RecordedAt;

    /// <summary>How many events of the stream the store holds.</summary>
    public ulong StoredCount { get; } = (ulong)stored.Events.Count;

    /// <summary>The line joins the stream: decided (<see cref="StreamDecisions{TTag}.Add"/>), and the chain's head moves onto it.</summary>
    public List<(int Line, Fact Fact, Conflict Conflict)> Add(ImportLine line, Fact fact)
    {
        NextRevision++;
        HeadHash = line.Envelope.Hash;
        HeadRecordedAt = line.RecordedAt;
        return Decisions.Add(fact, line.Envelope.CorrelationId, line.Line);
    }
}
