using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Rules;

/// <summary>
/// A log's events checked by the rules the ledger records an event by, in the order it recorded them: each is the form
/// its command writes and passes that command's validators (<see cref="EventCommands"/>), is accepted on its relationship's
/// record before it as the ledger decided it (<see cref="StreamDecisions{TTag}"/>), and has an event id no other event of
/// the log has. A hash chain proves that an event was not changed since it was chained, not that the ledger wrote it:
/// someone with the store's write access can chain an event of his own onto a stream with the documented hash. What the
/// ledger would never have recorded — a severance of relations that were never established, sanctions between two other
/// states — is named here; an event the rules accept is not (docs/audit.md).
/// <para>
/// The caller reads the log while the rules check what it read: events are checked in batches, each batch's events
/// decoded and validated on every core (they do not depend on each other), then decided in log order.
/// </para>
/// </summary>
public sealed class RulesOfRecord : IDisposable
{
    private const int BatchSize = 4096;

    private readonly EventCommands _commands;
    private readonly Dictionary<string, StreamDecisions<ChainLink>> _streams = new(StringComparer.Ordinal);
    /// <summary>
    /// Each event id met, with where its first event is: in a table up to a number, then in sorted runs in a temporary file
    /// with a filter each in memory (round 44 of issue #16). Beside each relationship's record of facts, which deciding
    /// again needs, this grew with the log: ~190 bytes of peak memory an id, now ~2.3 past the first quarter of a million.
    /// </summary>
    private readonly IdsSeen _ids;

    /// <summary>One copy of each text of the events kept to the end: party ids and vocabulary repeat in every relationship's record (round 45).</summary>
    private readonly TextPool _texts = new();

    public RulesOfRecord(EventCommands commands) : this(commands, IdsSeen.DefaultRunSize) { }

    /// <param name="idsPerRun">How many ids are held in memory before they go to a run on disk (a test's few, to cross runs).</param>
    internal RulesOfRecord(EventCommands commands, int idsPerRun) => (_commands, _ids) = (commands, new(idsPerRun));

    private readonly List<ChainFinding> _refused = [];
    private List<(RecordedEvent Event, ChainLink Link, Envelope? Envelope)> _batch = new(BatchSize);

    /// <summary>The batch handed on last, decided once the one before it is (batches are decided in log order).</summary>
    private Task _decided = Task.CompletedTask;

    /// <summary>
    /// The next event of the log, with its link. One the chain already names as unreadable, or as in a stream that is not
    /// the ledger's, is the chain's. Waits when a whole batch is still to be decided: the reader keeps at most two
    /// batches ahead of the decisions, not the log.
    /// </summary>
    public async ValueTask AddAsync(RecordedEvent e, ChainLink link, Envelope? envelope)
    {
        _batch.Add((e, link, envelope));
        if (_batch.Count == BatchSize) await HandOnAsync();
    }

    /// <summary>Every event the rules refuse, once the whole log was added.</summary>
    public async Task<IReadOnlyList<ChainFinding>> RefusedAsync()
    {
        await HandOnAsync();
        await _decided;
        foreach (var stream in _streams.Values) Refuse(stream.End());
        return _refused;
    }

    private async Task HandOnAsync()
    {
        if (_batch.Count == 0) return;
        var batch = _batch;
        _batch = new(BatchSize);
        var checkedAlone = Task.Run(() => CheckAlone(batch));
        var before = _decided;
        _decided = Task.Run(async () =>
        {
            var alone = await checkedAlone;
            await before;
            Decide(batch, alone);
        });
        await before; // the batch before this one decided: at most this one and the next are in hand
    }

    /// <summary>
    /// What each event is on its own: its key and decoded form, and what its command's validators say of it; or why it is not
    /// an event of the ledger at all (<see cref="LedgerEvent.TryDecode(RecordedEvent, Envelope, out string?)"/>).
    /// </summary>
    private sealed record Alone(RelationshipKey Key, LedgerEvent? Decoded, IReadOnlyList<(string Field, string Message)> Invalid, string? Unreadable = null);

    private Alone?[] CheckAlone(List<(RecordedEvent Event, ChainLink Link, Envelope? Envelope)> batch)
    {
        var alone = new Alone?[batch.Count];
        Parallel.For(0, batch.Count, i =>
        {
            var (e, _, envelope) = batch[i];
            if (envelope is null || !RelationshipKey.TryParseStream(e.Stream, out var key)) return; // no envelope: the link names it unreadable
            alone[i] = LedgerEvent.TryDecode(e, envelope, out var unreadable) is { } decoded
                ? new(key!, decoded, _commands.Validate(decoded.Event, key!, e.EventId, decoded.Envelope))
                : new(key!, null, [], unreadable);
        });
        return alone;
    }

    private void Decide(List<(RecordedEvent Event, ChainLink Link, Envelope? Envelope)> batch, Alone?[] alone)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (alone[i] is not { } checkedAlone) continue;
            var (key, decoded, invalid, unreadable) = checkedAlone;
            var (e, link, _) = batch[i];
            if (decoded is null)
            {
                // What every reader of the log says of it (LedgerTamperedException.Unreadable). Its chain names it when its content
                // does not produce its hash; sealed again over data that is not the ledger's, only this names it.
                _refused.Add(ChainFinding.Of(TamperKind.Altered, link, unreadable!));
                continue;
            }
            if (_ids.TryAdd(e.EventId, new(link.Stream, link.Revision, link.Position)) is { } first)
            {
                Refuse(link, $"its event id is already recorded, in {first.Stream} at revision {first.Revision} (position {first.Position}); an event id is unique in the whole ledger");
                continue;
            }
            if (invalid.Count > 0)
                Refuse(link, $"no command records it: {string.Join("; ", invalid.Select(f => $"{f.Field}: {f.Message}"))}");
            if (!_streams.TryGetValue(e.Stream, out var stream))
                _streams[e.Stream] = stream = new(key, DecisionBasis.Of(key, []), _texts);
            Refuse(stream.Add(decoded.ToFact(), decoded.Envelope.CorrelationId, link));
        }
    }

    private void Refuse(List<(ChainLink Link, Fact Fact, Conflict Conflict)> refusals)
    {
        foreach (var (link, fact, conflict) in refusals)
            Refuse(link, $"the ledger's rules refuse it where it stands: {conflict.Refusing(fact.Type)}");
    }

    // A rule's message may end its own sentence ("… give the text again."): one full stop before the next, not two.
    private void Refuse(ChainLink link, string why) =>
        _refused.Add(ChainFinding.Of(TamperKind.Refused, link, $"{why.TrimEnd('.')}. Its chain is intact: it was chained by someone other than the ledger, or recorded under rules since changed"));

    public void Dispose() => _ids.Dispose();
}
