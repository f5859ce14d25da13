using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// Checks one stream's hash chain against its recording order and names what was altered,
/// removed, inserted or reordered. The chain is rebuilt from the hashes alone (who follows whom),
/// then compared with the revisions and global positions the store reports; docs/audit.md
/// explains each rule and what no chain can see (a removed tail, a consistently re-forged chain).
/// </summary>
public static class StreamChain
{
    /// <summary>
    /// For the readers that show a relationship's record as recorded (its history, its audit): the whole stream is at
    /// hand, so its chain is checked as <c>verify</c> checks it, and a record that does not verify is not shown.
    /// </summary>
    public static void ThrowIfBroken(RelationshipHistory history)
    {
        var findings = Check([.. history.Events.Select(ChainLink.Of)]);
        if (findings.Count > 0) throw LedgerTamperedException.NotShown(history.Key, findings);
    }

    /// <param name="links">The stream's events in the order the store delivered them (global or revision order).</param>
    public static IReadOnlyList<ChainFinding> Check(IReadOnlyList<ChainLink> links)
    {
        var findings = new Findings();
        // A stream read as the ledger's (by its prefix) whose name the ledger would never give a relationship — parties
        // not in ordinal order, a look-alike letter, a third part: every event in it was written by someone else.
        if (links.Count > 0 && !RelationshipKey.TryParseStream(links[0].Stream, out _))
            foreach (var link in links)
                findings.Add(TamperKind.Inserted, link, $"'{link.Stream}' is not a stream of this ledger: the ledger names a relationship " +
                    "'relationship-A~B', A and B party ids in ordinal order");
        foreach (var bad in links.Where(l => l.Unreadable is not null))
            findings.Add(TamperKind.Altered, bad, bad.Unreadable!);

        var readable = links.Where(l => l.Unreadable is null).OrderBy(l => l.Revision).ThenBy(l => l.Position).ToList();
        var byRevision = links.GroupBy(l => l.Revision).ToDictionary(g => g.Key, g => g.First());
        var byHash = new Dictionary<string, ChainLink>(StringComparer.Ordinal);
        foreach (var l in readable) byHash.TryAdd(l.Hash!, l);
        var chainedOnto = readable.Where(l => l.PreviousHash is not null && byHash.ContainsKey(l.PreviousHash))
            .GroupBy(l => l.PreviousHash!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        // The events that chain onto an event. A hash claimed by several events belongs to the first of them (a copy of a
        // row claims its original's): what chains onto it chains onto that one, and the others have no successors — else an
        // event forged to claim an earlier event's hash would take over the rest of the chain.
        List<ChainLink>? Successors(ChainLink l) =>
            byHash[l.Hash!] == l && chainedOnto.TryGetValue(l.Hash!, out var next) ? next : null;
        var length = new Dictionary<Guid, int>(RandomisedIds.Comparer);
        int Length(ChainLink l) => ChainLength(l, Successors, length);

        // Follow each segment from its head; where two events claim the same predecessor, the one the chain continues from is genuine.
        var heads = readable.Where(l => l.PreviousHash is null || !byHash.ContainsKey(l.PreviousHash)).ToList();
        var segments = new List<List<ChainLink>>();
        var placed = new HashSet<Guid>(RandomisedIds.Comparer);
        foreach (var head in heads)
        {
            var segment = new List<ChainLink> { head };
            placed.Add(head.EventId);
            for (var current = head; Successors(current) is { } next;)
            {
                var candidates = next.Where(s => !placed.Contains(s.EventId)).OrderByDescending(Length).ThenBy(s => s.Revision).ToList();
                if (candidates.Count == 0) break;
                foreach (var fork in candidates.Skip(1)) MarkInserted(fork, current, candidates[0]);
                current = candidates[0];
                placed.Add(current.EventId);
                segment.Add(current);
            }
            segments.Add(segment);
        }

        void MarkInserted(ChainLink fork, ChainLink predecessor, ChainLink genuine)
        {
            findings.Add(TamperKind.Inserted, fork,
                $"it claims to follow revision {predecessor.Revision} (event {predecessor.EventId}), as revision {genuine.Revision} (event {genuine.EventId}) does, from which the chain continues");
            placed.Add(fork.EventId);
        }

        // Whatever no segment reaches hangs off an inserted event, or off a loop of forged hashes.
        foreach (var stray in readable.Where(l => !placed.Contains(l.EventId)))
            findings.Add(TamperKind.Inserted, stray, $"the chain from the stream's start never reaches it: it follows {Short(stray.PreviousHash)}, which is not part of the chain");

        for (var i = 0; i < segments.Count; i++) CheckHead(segments, i, byRevision, Successors, findings);

        var chainOrder = segments.SelectMany(s => s).ToList();
        foreach (var l in chainOrder.Where(l => !l.ContentMatchesHash))
            findings.Add(TamperKind.Altered, l, LedgerEvent.Unsealed);
        var inChain = chainOrder.Select(l => l.EventId).ToHashSet(RandomisedIds.Comparer);
        foreach (var segment in segments)
            for (var i = 1; i < segment.Count; i++) CheckOrder(segment[i - 1], segment[i], byRevision, inChain, findings);
        return findings.All;
    }

    /// <summary>
    /// How many events the chain goes on for from <paramref name="start"/>, by its longest way (<paramref name="length"/>
    /// keeps what is measured). Walked with a stack of its own, not by recursion: the chain of a long relationship (RU~US holds
    /// 24,500 events) would overflow the thread's stack. An event is marked (0) while its way is measured, so that a way back
    /// to it counts for nothing rather than being walked for ever. Forged hashes can make loops, but with a hash belonging to
    /// its first claimant every event has at most one predecessor, so no event reachable from a chain's head lies on one:
    /// the mark is a guard, not a case the walk meets.
    /// </summary>
    private static int ChainLength(ChainLink start, Func<ChainLink, List<ChainLink>?> successors, Dictionary<Guid, int> length)
    {
        if (length.TryGetValue(start.EventId, out var measured)) return measured;
        var path = new Stack<ChainLink>();
        length[start.EventId] = 0;
        path.Push(start);
        while (path.TryPeek(out var l))
        {
            var next = successors(l);
            if (next?.FirstOrDefault(s => !length.ContainsKey(s.EventId)) is { } unmeasured)
            {
                length[unmeasured.EventId] = 0;
                path.Push(unmeasured);
                continue;
            }
            length[l.EventId] = 1 + (next is null ? 0 : next.Max(s => length[s.EventId]));
            path.Pop();
        }
        return length[start.EventId];
    }

    private static void CheckHead(List<List<ChainLink>> segments, int index, Dictionary<ulong, ChainLink> byRevision,
        Func<ChainLink, List<ChainLink>?> successors, Findings findings)
    {
        var head = segments[index][0];
        if (head.PreviousHash is null)
        {
            if (index > 0)
                findings.Add(TamperKind.Inserted, head, $"it claims to be the first event of the stream, but revision {segments[0][0].Revision} (event {segments[0][0].EventId}) starts the chain");
            else if (head.Revision > 0)
                findings.Add(TamperKind.Altered, head, $"it starts the chain but is recorded at revision {head.Revision}: its revision number was changed");
            return;
        }

        var missing = head.Revision == 0 ? null : FirstMissingBefore(head.Revision, byRevision);
        // The event before it is there but cannot be read (already named altered): what it chained onto cannot be checked, and
        // nothing was removed. Before round 63 the event after an unreadable first event was named removed as well.
        if (head.Revision > 0 && missing is null && byRevision[head.Revision - 1].Unreadable is not null) return;
        if (index == 0 || missing is not null)
        {
            var gap = missing is { } m ? $"revisions {m}–{head.Revision - 1} are missing; " : "";
            findings.Add(TamperKind.Removed, head,
                $"{gap}it chains onto {Short(head.PreviousHash)}, an event the stream no longer holds: the event(s) before it were removed");
            return;
        }
        var predecessor = byRevision[head.Revision - 1];
        var isLast = !byRevision.ContainsKey(head.Revision + 1);
        var nothingFollows = successors(head) is null;
        if (nothingFollows && (isLast || !head.ContentMatchesHash))
            findings.Add(TamperKind.Inserted, head,
                $"it chains onto no event of the stream ({Short(head.PreviousHash)}) and nothing chains onto it{(head.ContentMatchesHash ? "" : "; its content does not produce its hash either")}");
        // Its own content no longer produces its hash, the chain goes on from it, and the event before it is intact: the
        // previous hash it claims was changed with the rest of it. It is named altered (below); its predecessor is not accused.
        else if (!head.ContentMatchesHash && predecessor.ContentMatchesHash) return;
        else
            findings.Add(TamperKind.Altered, predecessor,
                $"revision {head.Revision} (event {head.EventId}) was chained onto {Short(head.PreviousHash)}, not onto this event ({Short(predecessor.Hash)}): it was altered and re-hashed or replaced (or events between were removed and the revisions renumbered)");
    }

    private static ulong? FirstMissingBefore(ulong revision, Dictionary<ulong, ChainLink> byRevision)
    {
        if (byRevision.ContainsKey(revision - 1)) return null;
        var first = revision - 1;
        while (first > 0 && !byRevision.ContainsKey(first - 1)) first--;
        return first;
    }

    /// <summary>Consecutive events of the chain must also be consecutive in recording order, in position and in time.</summary>
    private static void CheckOrder(ChainLink before, ChainLink link, Dictionary<ulong, ChainLink> byRevision, HashSet<Guid> inChain, Findings findings)
    {
        // Revisions between two linked events may hold only what is not part of the chain (already named inserted or altered).
        var between = Enumerable.Range(1, (int)Math.Min(Math.Max(0, (long)link.Revision - (long)before.Revision - 1), 1_000_000))
            .Select(i => byRevision.GetValueOrDefault(before.Revision + (ulong)i)).ToList();
        if (link.Revision < before.Revision)
            findings.Add(TamperKind.Reordered, link,
                $"it is chained after revision {before.Revision} (event {before.EventId}) but recorded before it, at revision {link.Revision}");
        else if (between.Any(l => l is not null && inChain.Contains(l.EventId)))
            findings.Add(TamperKind.Reordered, link,
                $"it directly follows revision {before.Revision} (event {before.EventId}) in the chain but is recorded at revision {link.Revision}, after events chained later than it");
        else if (between.Any(l => l is null))
            findings.Add(TamperKind.Altered, link, $"it directly follows revision {before.Revision} in the chain but is recorded at revision {link.Revision}: a revision number was changed");
        else if (link.Position < before.Position)
            findings.Add(TamperKind.Reordered, link,
                $"it is at global position {link.Position}, before the event it follows (revision {before.Revision}, position {before.Position})");
        else if (link.RecordedAt < before.RecordedAt)
            findings.Add(TamperKind.Altered, link,
                $"recorded at {link.RecordedAt:O}, earlier than the event it follows ({before.RecordedAt:O}): a recorded time was changed");
    }

    private static string Short(string? hash) => hash is null ? "nothing" : $"hash {hash[..Math.Min(12, hash.Length)]}…";

    /// <summary>At most one finding per event: the first, most specific one.</summary>
    private sealed class Findings
    {
        private readonly Dictionary<Guid, ChainFinding> _byEvent = new(RandomisedIds.Comparer);
        private readonly List<ChainFinding> _all = [];

        public IReadOnlyList<ChainFinding> All => _all.OrderBy(f => f.Revision).ToList();

        public void Add(TamperKind kind, ChainLink link, string detail)
        {
            var finding = ChainFinding.Of(kind, link, detail);
            if (_byEvent.TryAdd(link.EventId, finding)) _all.Add(finding);
        }
    }
}
