using FluentValidation;
using FluentValidation.Results;
using MediatR;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// Records a batch with the policies of a single command (<see cref="RecordHandler{TCommand}"/>), item by item, and
/// decides it as a whole: per relationship, the items whose ids are recorded already are answered "already recorded"
/// (or refused when their content differs: <see cref="CommandIdReusedException"/>); the others are placed in the
/// relationship's timeline together and checked once (<see cref="DecideTogether"/>); if any is refused, nothing is
/// written and every refused item is named. Otherwise all relationships are appended in one
/// <see cref="RelationshipRepository.AppendManyAsync"/>, each at the revision it was read at; a writer that loses a
/// race re-reads and decides again (<see cref="LostRaces"/>). A retry — after a crash, a lost answer, or a partial append on KurrentDB — finds
/// what was recorded by id and records only the rest.
/// </summary>
public sealed class RecordBatchHandler(RelationshipRepository repository, CommandValidators validators, TimeProvider clock) : IRequestHandler<RecordBatch, BatchRecorded>
{
    private sealed record Part(RelationshipKey Key, List<(int Index, BatchItem Item, PartialDate Effective)> Items);

    public async Task<BatchRecorded> Handle(RecordBatch batch, CancellationToken cancellationToken)
    {
        // The items share the batch's correlation id unless they give their own: the record says which events were decided
        // together by it, and an import or a verifier decides them together again (docs/audit.md).
        var correlation = batch.CorrelationId ?? batch.Items[0].Command.CommandId;
        batch = batch with { Items = batch.Items.Select(i => i with { Command = i.Command with { CorrelationId = i.Command.CorrelationId ?? correlation } }).ToList() };
        // Per relationship, in the order the batch first names it; a mend without a date takes today once, for every try.
        var parts = batch.Items
            .Select((item, index) => (Index: index, Item: item, Effective: item.Command.EffectiveOn(clock)))
            .GroupBy(x => RelationshipKey.Of(x.Item.Command.Parties().A, x.Item.Command.Parties().B))
            .Select(g => new Part(g.Key, g.ToList()))
            .ToList();
        var results = new BatchItemRecorded?[batch.Items.Count];
        var recordedHere = new HashSet<Guid>(RandomisedIds.Comparer); // appended by this call (a partial append on KurrentDB, then a retry)
        var streamsHere = new List<string>();
        WriteTurns.Turn? turn = null; // taken after LostRaces.TakeTurnAfter lost races
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (attempt == LostRaces.TakeTurnAfter + 1) turn = await repository.TakeTurnAsync(parts.Select(p => p.Key), cancellationToken);
                var refused = new List<(int Index, BatchItemRefused Refusal)>();
                var invalid = new List<ValidationFailure>(); // what an item carries (a correction's replacement) can be checked only on its history
                var plans = new List<(Part Part, RelationshipHistory History, List<(int Index, BatchItem Item, PendingEvent Pending)> New)>();
                foreach (var part in parts)
                {
                    batch.Progress?.Invoke(new("deciding", plans.Count, parts.Count, batch.Items.Count));
                    var history = await repository.LoadAsync(part.Key, cancellationToken);
                    var pending = new List<(int Index, BatchItem Item, PendingEvent Pending)>();
                    foreach (var (index, item, effective) in part.Items)
                    {
                        try
                        {
                            if (history.Find(item.Command.CommandId) is { } done)
                            {
                                Recorded earlier;
                                try
                                {
                                    earlier = RecordedContent.Earlier(item.Command, history, done, validators);
                                }
                                catch (CommandIdReusedException reused)
                                {
                                    throw reused.Of(item.Label);
                                }
                                results[index] = BatchItemRecorded.Of(item, earlier with { AlreadyRecorded = !recordedHere.Contains(done.EventId) });
                                continue;
                            }
                            var e = validators.EventOf(item.Command, history);
                            pending.Add((index, item, new PendingEvent(item.Command.CommandId, e, effective, CommandProvenance.Of(item.Command))));
                        }
                        catch (ValidationException v)
                        {
                            invalid.AddRange(v.Errors.Select(f => new ValidationFailure($"{item.Label}.{f.PropertyName}", f.ErrorMessage)));
                        }
                    }
                    var proposed = pending.Select((p, j) => new Fact(p.Pending.EventId, p.Pending.EffectiveDate, DateTimeOffset.MaxValue, history.Count + j, p.Pending.Event)).ToList();
                    // Only a mend is guarded: the basis the guards look forms up in is built for a batch that holds one.
                    var guarded = proposed.Select((fact, j) => fact.Event is IMendEvent && MendGuards.Check(history.Basis, proposed.GetRange(0, j), fact) is { } conflict ? new Refusal(j, conflict) : null)
                        .OfType<Refusal>().ToList();
                    var refusals = guarded.Concat(DecideTogether.Check(part.Key, history.Facts, proposed).Where(r => guarded.All(g => g.Index != r.Index))).ToList();
                    foreach (var refusal in refusals)
                    {
                        var (index, item, p) = pending[refusal.Index];
                        refused.Add((index, new BatchItemRefused(item.Label, item.Name, EventCatalogue.NameOf(p.Event), refusal.Conflict)));
                    }
                    // Only a part the whole decision accepts: a refused one is named for its conflict.
                    if (refusals.Count == 0) invalid.AddRange(UndecidableAgain(part.Key, history, pending, proposed));
                    plans.Add((part, history, pending));
                }
                if (invalid.Count > 0) throw RefusedAfter(streamsHere, parts, new ValidationException(invalid));
                if (refused.Count > 0) throw RefusedAfter(streamsHere, parts, new BatchRefusedException(refused.OrderBy(r => r.Index).Select(r => r.Refusal).ToList()),
                    RelationshipKey.Of(batch.Items[refused.Min(r => r.Index)].Command.Parties().A, batch.Items[refused.Min(r => r.Index)].Command.Parties().B).StreamName);

                var appending = plans.Where(p => p.New.Count > 0).ToList();
                if (appending.Count > 0)
                {
                    batch.Progress?.Invoke(new("appending", 0, appending.Count, batch.Items.Count));
                    IReadOnlyList<AppendResult> appended;
                    try
                    {
                        appended = await repository.AppendManyAsync(
                            appending.Select(p => (p.History, (IReadOnlyList<PendingEvent>)p.New.Select(n => n.Pending).ToList())).ToList(), turn, cancellationToken);
                    }
                    catch (WrongExpectedRevisionException lost)
                    {
                        // Another writer got there first (nothing of this try was written): read what it wrote and decide again.
                        if (attempt == LostRaces.MaxAttempts) throw RefusedAfter(streamsHere, parts, LostRaces.GaveUp(lost), lost.Stream);
                        await LostRaces.PauseAsync(attempt, cancellationToken);
                        continue;
                    }
                    catch (Audit.Chain.LedgerTamperedException gone)
                    {
                        // A stream behind what was read (StreamBehindItsRead): no lost race, and a retry meets the same.
                        throw RefusedAfter(streamsHere, parts, gone, gone.Findings[0].Stream);
                    }
                    catch (PartialAppendException partial) when (partial.InnerException is Audit.Chain.LedgerTamperedException gone)
                    {
                        streamsHere.AddRange(appending.Take(partial.FailedPart).Select(p => p.Part.Key.StreamName));
                        throw RefusedAfter(streamsHere, parts, gone, partial.Stream);
                    }
                    catch (PartialAppendException partial) when (partial.InnerException is WrongExpectedRevisionException && attempt < LostRaces.MaxAttempts)
                    {
                        // KurrentDB: the parts before the raced one are recorded; the next try finds them by id and decides the rest again.
                        foreach (var done in appending.Take(partial.FailedPart))
                        {
                            recordedHere.UnionWith(done.New.Select(n => n.Pending.EventId));
                            streamsHere.Add(done.Part.Key.StreamName);
                        }
                        await LostRaces.PauseAsync(attempt, cancellationToken);
                        continue;
                    }
                    catch (PartialAppendException partial)
                    {
                        throw new BatchPartlyRecordedException(
                            streamsHere.Concat(appending.Take(partial.FailedPart).Select(p => p.Part.Key.StreamName)).Distinct().ToList(),
                            partial.Stream, partial.InnerException ?? partial, BatchRetry.Advice(batch));
                    }
                    catch (StoreUnavailableException unknown) when (unknown.OutcomeUnknown)
                    {
                        // The first part's append failed in flight: it may be recorded. The store says only that; how to retry is the batch's to say.
                        throw unknown.Advising(BatchRetry.Advice(batch));
                    }
                    catch (DuplicateEventException d)
                    {
                        throw new CommandIdReusedException(d.EventId, d.Stream, null, item: batch.Items.FirstOrDefault(i => i.Command.CommandId == d.EventId)?.Label);
                    }

                    // The events as stored: each one's own revision and global position, read back (a position is the store's to give).
                    // Read whatever the caller's cancellation: the append is done, and the caller is told what is recorded, not "cancelled".
                    for (var i = 0; i < appending.Count; i++)
                    {
                        var (part, history, fresh) = appending[i];
                        batch.Progress?.Invoke(new("recorded", i + 1, appending.Count, batch.Items.Count));
                        // On from the history decided on: a stream the history cache did not keep is not read whole a second time.
                        var now = await repository.ReadOnAsync(history, CancellationToken.None);
                        foreach (var (index, item, pending) in fresh)
                        {
                            var stored = now.Find(pending.EventId)
                                ?? throw new InvalidOperationException($"The store accepted {pending.EventId} in {part.Key.StreamName} but it cannot be read back.");
                            // A repeated append (another writer recorded this very part meanwhile) must be this very content.
                            var recorded = appended[i].Repeated
                                ? RecordedContent.Earlier(item.Command, now, stored, validators)
                                : new Recorded(stored.EventId, stored.Recorded.Type, stored.Recorded.Stream, stored.Recorded.Revision, stored.Recorded.Position, AlreadyRecorded: false);
                            results[index] = BatchItemRecorded.Of(item, recorded);
                        }
                    }
                }
                return new BatchRecorded(correlation, results.Select(r => r!).ToList());
            }
        }
        finally
        {
            turn?.Dispose(); // the writers of this process that waited for it go on
        }
    }

    /// <summary>
    /// The refusal of a decision, or — when this call appended parts before it lost a race (KurrentDB, no transaction across
    /// streams) and the batch decided again is refused — the news that those parts are recorded: "refused, nothing was
    /// recorded" would be false, and a client would send the recorded commands again elsewhere.
    /// </summary>
    private static Exception RefusedAfter(List<string> streamsHere, List<Part> parts, Exception refusal, string? refusedStream = null) =>
        streamsHere.Count == 0
            ? refusal
            : new BatchPartlyRecordedException(streamsHere.Distinct().ToList(),
                refusedStream ?? parts.Select(p => p.Key.StreamName).First(s => !streamsHere.Contains(s)), refusal)
            {
                Refused = refusal is BatchRefusedException r ? r.Refused : [],
            };

    /// <summary>
    /// Items the record could not show were decided together. Verify and the import decide a recorded event alone, and
    /// one refused alone together with the events after it that share its correlation id (<see cref="StreamDecisions{TTag}"/>):
    /// the correlation id is all the record keeps of a batch. Items on a relationship that are consistent only together but
    /// name correlation ids of their own would be recorded, then named refused by verify, and the export would not import.
    /// </summary>
    private static IEnumerable<ValidationFailure> UndecidableAgain(
        RelationshipKey key, RelationshipHistory history, List<(int Index, BatchItem Item, PendingEvent Pending)> pending, List<Fact> proposed)
    {
        var ids = pending.Select(p => p.Pending.Provenance.CorrelationId).Distinct().ToList();
        if (ids.Count < 2) return [];
        var again = new StreamDecisions<int>(key, history.Facts, history.Basis);
        var refusals = new List<(int Tag, Fact Fact, Conflict Conflict)>();
        for (var j = 0; j < pending.Count; j++)
            refusals.AddRange(again.Add(proposed[j], pending[j].Pending.Provenance.CorrelationId, j));
        refusals.AddRange(again.End());
        return refusals.Select(r => new ValidationFailure($"{pending[r.Tag].Item.Label}.correlationId",
            $"is accepted only together with the batch's other commands on {key.First.Value}–{key.Second.Value}, but they carry different correlation ids " +
            $"({string.Join(", ", ids)}): the record shows which events were decided together only by a shared correlation id, so verify and an import would decide this one " +
            $"apart and refuse it ({r.Conflict.Message}). Give the batch's commands on this relationship one correlation id, or none of their own."));
    }
}
