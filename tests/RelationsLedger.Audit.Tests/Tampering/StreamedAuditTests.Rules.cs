using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Audit.Tests.Transfer;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Audit.Tests.Tampering;

/// <summary>
/// What round 43 of issue #16 changed in how <c>verify</c> and <c>digest</c> decide a long log again: a relationship's
/// statements, engagements and pledges are kept over one stand-in event of their type. On a log of 5,400 statements (all but
/// each stream's first kept so) whose six streams run through all of it, with forged events chained onto its end: ids
/// recorded again named with where they were first, however far back, in the log's order among the rules' refusals; and the
/// mends of a statement kept as a stand-in decided as those of the statement itself.
/// </summary>
public sealed partial class StreamedAuditTests
{
    [Fact]
    public async Task Ids_recorded_again_far_apart_are_named_with_where_they_were_first_in_the_logs_order()
    {
        var log = await LogWithForgedTailAsync();

        var found = await FindingsAsync(log);

        var severance = log[^2].EventId;
        Assert.Equal(
        [
            (TamperKind.Refused, StreamOf(5), (ulong)PerRelationship, log[0].EventId),
            (TamperKind.Refused, StreamOf(4), (ulong)PerRelationship, log[500].EventId),
            (TamperKind.Refused, StreamOf(3), (ulong)PerRelationship, log[0].EventId),
            (TamperKind.Refused, StreamOf(2), (ulong)PerRelationship, Guid.Empty),
            (TamperKind.Refused, StreamOf(2), (ulong)PerRelationship + 2, Guid.Empty),
            (TamperKind.Refused, StreamOf(2), (ulong)PerRelationship + 1, severance), // its run settled when the stream ends
        ], found.Select(f => (f.Kind, f.Stream, f.Revision, f.EventId)));
        Assert.Contains($"its event id is already recorded, in {StreamOf(0)} at revision 0 (position 1);", found[0].Detail, StringComparison.Ordinal);
        Assert.Contains($"its event id is already recorded, in {StreamOf(2)} at revision 83 (position 501);", found[1].Detail, StringComparison.Ordinal);
        Assert.Contains($"its event id is already recorded, in {StreamOf(0)} at revision 0 (position 1);", found[2].Detail, StringComparison.Ordinal);
        Assert.Contains("no command records it: metadata.commandId", found[3].Detail, StringComparison.Ordinal);
        Assert.Contains($"its event id is already recorded, in {StreamOf(2)} at revision {PerRelationship} (position {Relationships * PerRelationship + 4});",
            found[4].Detail, StringComparison.Ordinal);
        Assert.Contains("the ledger's rules refuse it where it stands: ", found[5].Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Round 44 of issue #16: the ids met go to sorted runs in a temporary file past a number. With a run of every id, of 7
    /// and of 4,096 ids (the log's first and last events, 5,406 apart, in runs far apart; the 501st's id in a run of its
    /// own), the findings are those of the ids all in memory: the same events, in the same order, in the same words. Round 45:
    /// at a run's boundary too — a run of 501 ids ends with the 501st's, a run of 5,400 with the log's last real event, so the
    /// forged tail's first duplicate is met right after the run holding its first was written.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(501)]
    [InlineData(4096)]
    [InlineData(5400)]
    public async Task Ids_recorded_again_are_named_alike_whether_the_ids_before_them_are_in_memory_or_in_runs_on_disk(int idsPerRun)
    {
        var log = await LogWithForgedTailAsync();

        var inMemory = await FindingsAsync(log);
        var inRuns = await FindingsAsync(log, idsPerRun);

        Assert.Equal(6, inMemory.Count);
        Assert.Equal(inMemory.Select(f => (f.Kind, f.Stream, f.Revision, f.EventId, f.Position, f.Detail)),
            inRuns.Select(f => (f.Kind, f.Stream, f.Revision, f.EventId, f.Position, f.Detail)));
    }

    [Fact]
    public async Task A_statement_kept_as_its_streams_stand_in_is_mended_as_the_statement_itself()
    {
        var events = await EventsAsync();
        var stream = StreamOf(1);
        var mended = events.Where(e => e.Stream == stream).ElementAt(700); // long after the stream's first statement
        var head = events.Last(e => e.Stream == stream);
        var next = GlobalPosition.Of((ulong)events.Count);
        var tail = new Tail(stream, head, next);
        events.Add(tail.Next(new EntryCorrected(mended.EventId, "Wrong kind.", null, new EngagementHeld("RU", "org-1", "visit", null, "A visit")), Guid.NewGuid()));
        events.Add(tail.Next(new EntryRetracted(mended.EventId, "Never said."), Guid.NewGuid()));
        events.Add(tail.Next(new EntryRetracted(mended.EventId, "Never said, again."), Guid.NewGuid()));

        var findings = await FindingsAsync(events);

        Assert.Equal([(ulong)PerRelationship, (ulong)PerRelationship + 2], findings.Select(f => f.Revision));
        Assert.Contains("a correction must keep the event's type: StatementMade, not EngagementHeld", findings[0].Detail, StringComparison.Ordinal);
        Assert.Contains($"event {mended.EventId} was already retracted", findings[1].Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// The log, then chained onto the ends of streams 5, 4, 3 and 2: the log's first event's id again (first and last event of
    /// the log), the id of its 501st event, the first id a third time, and in
    /// stream 2 a statement under the all-zero id (which no command gives), a severance of relations never established (a
    /// refusal of the rules), then the all-zero id again.
    /// </summary>
    private async Task<List<RecordedEvent>> LogWithForgedTailAsync()
    {
        var events = await EventsAsync();
        var (first, middle) = (events[0].EventId, events[500].EventId);
        var next = GlobalPosition.Of((ulong)events.Count);
        var forged = new List<RecordedEvent>();
        foreach (var (r, id) in new[] { (5, first), (4, middle), (3, first) })
        {
            var tail = new Tail(StreamOf(r), events.Last(e => e.Stream == StreamOf(r)), next);
            forged.Add(tail.Next(new StatementMade("RU", $"org-{r}", "Envoy", Stance.Partner, "Said again."), id));
            next = tail.Position;
        }
        var two = new Tail(StreamOf(2), events.Last(e => e.Stream == StreamOf(2)), next);
        forged.Add(two.Next(new StatementMade("RU", "org-2", "Envoy", Stance.Hostile, "Said under no id."), Guid.Empty));
        forged.Add(two.Next(new RelationsSevered("RU", "org-2", "Never established."), Guid.NewGuid()));
        forged.Add(two.Next(new StatementMade("RU", "org-2", "Envoy", Stance.Hostile, "Said under no id again."), Guid.Empty));
        return [.. events, .. forged];
    }

    private async Task<List<RecordedEvent>> EventsAsync()
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in LedgerLog.ReadAllAsync(_ledger.Store)) events.Add(e);
        Assert.Equal(Relationships * PerRelationship, events.Count);
        return events;
    }

    private async Task<List<ChainFinding>> FindingsAsync(IReadOnlyList<RecordedEvent> log, int? idsPerRun = null)
    {
        var commands = new EventCommands(_ledger.Services.GetRequiredService<CommandValidators>());
        using var audited = idsPerRun is { } perRun ? new AuditedLog(commands, perRun) : new AuditedLog(commands);
        foreach (var e in log) await audited.AddAsync(e);
        return await audited.FindingsAsync([]);
    }

    /// <summary>Events forged onto a stream's end, each chained onto the one before, at the log's next positions.</summary>
    private sealed class Tail(string stream, RecordedEvent head, GlobalPosition position)
    {
        private ulong _revision = head.Revision;
        private string _hash = Envelope.ReadStored(head.Metadata, out _)!.Hash!;
        private DateTimeOffset _at = head.RecordedAt;

        public GlobalPosition Position { get; private set; } = position;

        public RecordedEvent Next(Domain.Events.IRelationshipEvent e, Guid id)
        {
            var (eventId, type, data, metadata, hash) = Forge.Event(stream, e, "2003-01-01", _hash, id);
            (_revision, _hash, _at, Position) = (_revision + 1, hash, _at.AddSeconds(1), GlobalPosition.Of(Position.Commit + 1));
            return new(eventId, stream, _revision, Position, type, data, metadata, _at);
        }
    }
}
