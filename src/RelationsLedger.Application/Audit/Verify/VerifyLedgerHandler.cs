using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Audit.Rules;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using MediatR;

namespace RelationsLedger.Application.Audit.Verify;

public sealed class VerifyLedgerHandler(IEventStore store, CommandValidators validators, TimeProvider clock) : IRequestHandler<VerifyLedger, VerifyReport>
{
    public async Task<VerifyReport> Handle(VerifyLedger request, CancellationToken cancellationToken)
    {
        var whole = request.PartyA is null;
        var scope = whole ? "the whole ledger" : RelationshipKey.Of(request.PartyA!, request.PartyB!).StreamName;
        var events = whole ? LedgerLog.ReadAllAsync(store, ct: cancellationToken) : LedgerLog.ReadStreamAsync(store, scope, cancellationToken);
        using var log = new AuditedLog(new EventCommands(validators));
        var findings = new List<ChainFinding>();
        var hidden = new List<HiddenStream>();
        var now = clock.GetUtcNow();
        try
        {
            await foreach (var e in events)
            {
                var before = log.Last;
                var link = await log.AddAsync(e);
                if (RecordedTimeChecks.Check(link, whole ? before : null, now) is { } times) findings.Add(times);
            }
        }
        catch (StreamHiddenException e) when (!whole)
        {
            hidden.Add(e.Hidden);
        }
        // Events another client of the server appended, which the store's own record of its appends does not hold.
        findings.AddRange(whole ? await ReservedIds.OfLedgerAsync(store, log, cancellationToken) : await ReservedIds.OfStreamAsync(store, log, cancellationToken));
        // The file's indexes, through which a relationship's record is read, against its rows, which the log's reading gives:
        // a check of the whole file (70 s of a million-event file at load 31–50), so not made for one relationship, read in milliseconds.
        if (whole && await DamagedIndexes.FindAsync(store, cancellationToken) is { } damaged) findings.Add(damaged);
        // The global log still holds what the store hides from its streams (until the server scavenges it): asked apart.
        if (whole) await foreach (var h in store.HiddenStreamsAsync(cancellationToken)) hidden.Add(h);
        else hidden.AddRange(await EmptyAfterAsync(scope, log.Highest, cancellationToken));
        return await ReportAsync(request, scope, log, findings, hidden);
    }

    /// <summary>
    /// Of one relationship: the runs of positions the global log shows empty (rows deleted from the embedded store's file)
    /// that may have held its events. Its chain shows a deleted event before its last one (a revision missing); one after it —
    /// its last events, or all of them — leaves the chain intact, so a run after its last event is named, saying so. Which
    /// stream lost it the deleted rows no longer say: the run may as well be another relationship's.
    /// </summary>
    private async Task<List<HiddenStream>> EmptyAfterAsync(string stream, GlobalPosition? last, CancellationToken ct)
    {
        var named = new List<HiddenStream>();
        await foreach (var h in ICountsPositions.Of(store, ct))
            if (h.EmptyPositions is { } run && (last is not { } l || run.Last > l.Commit))
                named.Add(h with
                {
                    How = h.How + (last is { } at
                        ? $"; {(run.First == run.Last ? "it comes" : "they come")} after {stream}'s last event (position {at}), so its last events may have been deleted there"
                        : $"; {stream} holds no event, so its events may have been deleted there") +
                        " (or another relationship's: the deleted rows no longer say whose)",
                });
        return named;
    }

    /// <summary>
    /// Checks each stream's chain, the ledger's rules and, when asked, the digest (<see cref="AuditedLog.FindingsAsync"/>); shared with
    /// the verification of an export file (which hides nothing). <paramref name="global"/>: what the global log's order shows.
    /// </summary>
    public static async Task<VerifyReport> ReportAsync(VerifyLedger request, string scope, AuditedLog log, IReadOnlyList<ChainFinding> global, IReadOnlyList<HiddenStream>? hidden = null)
    {
        hidden ??= [];
        var digest = request.Digest is { } token ? CheckDigest(token, log.Links, hidden) : null;
        // At most one finding per event: the first, most specific one (two events under one id are two findings).
        var ordered = (await log.FindingsAsync(global)).DistinctBy(f => (f.EventId, f.Stream, f.Revision)).Concat(hidden.Select(ChainFinding.Of))
            .OrderBy(f => f.Stream, StringComparer.Ordinal).ThenBy(f => f.Revision).ToList();
        return new(ordered.Count == 0 && digest is not { Matches: false }, scope, log.StreamCount, log.Count, log.Highest?.ToString(), ordered, digest);
    }

    /// <param name="links">The log's links, read back (more than once) from where the audit keeps them.</param>
    private static DigestCheck CheckDigest(string token, IEnumerable<ChainLink> links, IReadOnlyList<HiddenStream> hidden)
    {
        if (!LedgerDigest.TryParseToken(token, out var version, out var position, out var takenAt, out var hash, out var error))
            throw new ArgumentException(error, nameof(token)); // the validator refuses it first
        var upTo = links.Where(l => l.Position <= position);
        var now = LedgerDigest.Compute(upTo, position, takenAt, version);
        // The digest is of the global log, which still holds what the store hides from a stream: a stream the digest
        // covered and whose events can no longer be read has lost them all the same.
        var covered = now.Streams.Select(h => h.Stream).ToHashSet(StringComparer.Ordinal);
        var lost = hidden.Where(h => covered.Contains(h.Stream)).ToList();
        var matches = now.Hash == hash && lost.Count == 0;
        var detail = lost.Count > 0
            ? $"events recorded by {takenAt:u} can no longer be read: the store now hides them ({string.Join("; ", lost)})"
            : matches
            ? $"nothing recorded up to position {position} ({now.StreamCount} streams, {now.EventCount} events) has changed since {takenAt:u}"
            // "Or … another ledger": a digest names no ledger (a faithful copy — the file copied, an export imported — gives the same
            // one), so a token checked against the wrong ledger fails as an altered one does; the auditor is told both.
            : $"the ledger up to position {position} no longer produces this digest: something recorded by {takenAt:u} was altered, removed, inserted or reordered since, or the digest was taken of another ledger (this one now holds {now.StreamCount} streams, {now.EventCount} events up to that position)" +
              LastEventGone(upTo, position);
        return new(token.Trim(), position.ToString(), takenAt, matches, now.StreamCount, now.EventCount, detail);
    }

    /// <summary>
    /// A digest is taken at the position of the log's last event, so an event is there as long as the log is whole. When none
    /// is, the log's end was cut (with the store's counter wound back, which no other check shows) or its positions renumbered.
    /// </summary>
    private static string LastEventGone(IEnumerable<ChainLink> upTo, GlobalPosition position)
    {
        if (position == GlobalPosition.Start) return "";
        GlobalPosition? last = null;
        foreach (var l in upTo)
        {
            if (l.Position == position) return "";
            if (last is not { } highest || l.Position > highest) last = l.Position;
        }
        var end = last is not { } at ? "no event is at or before it" : $"the last event at or before it is at position {at}";
        return $". The digest was taken when the log's last event was at position {position}, and no event is there now ({end}): " +
            "the events at the end of the log were removed, or the log's positions renumbered";
    }
}
