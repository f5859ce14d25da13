using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Audit.Digest;
using RelationsLedger.Application.Audit.Reading;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using MediatR;

namespace RelationsLedger.Application.Audit.Verify;

public sealed class VerifyLedgerHandler(IEventStore store) : IRequestHandler<VerifyLedger, VerifyReport>
{
    public async Task<VerifyReport> Handle(VerifyLedger request, CancellationToken cancellationToken)
    {
        var whole = request.PartyA is null;
        var scope = whole ? "the whole ledger" : RelationshipKey.Of(request.PartyA!, request.PartyB!).StreamName;
        var events = whole ? LedgerLog.ReadAllAsync(store, ct: cancellationToken) : LedgerLog.ReadStreamAsync(store, scope, cancellationToken);
        var links = new ChainLinks();
        var findings = new List<ChainFinding>();
        var hidden = new List<HiddenStream>();
        try
        {
            await foreach (var e in events)
            {
                var before = links.Count > 0 ? links[^1] : null;
                var link = links.Add(e);
                // The store's own clock never runs backwards along the global log (docs/events.md).
                if (whole && before is not null && e.RecordedAt < before.StoredAt)
                    findings.Add(ChainFinding.Of(TamperKind.Altered, link,
                        $"stored at {e.RecordedAt:O}, earlier than position {before.Position} before it ({before.StoredAt:O}): a stored time was changed"));
            }
        }
        catch (StreamHiddenException e) when (!whole)
        {
            hidden.Add(e.Hidden);
        }
        // The global log still holds what the store hides from its streams (until the server scavenges it): asked apart.
        if (whole) await foreach (var h in store.HiddenStreamsAsync(cancellationToken)) hidden.Add(h);
        return Report(request, scope, links, findings, hidden);
    }

    /// <summary>Checks each stream's chain and, when asked, the digest; shared with the verification of an export file (which hides nothing).</summary>
    public static VerifyReport Report(VerifyLedger request, string scope, IReadOnlyList<ChainLink> links, List<ChainFinding> findings, IReadOnlyList<HiddenStream>? hidden = null)
    {
        hidden ??= [];
        var streams = links.GroupBy(l => l.Stream, StringComparer.Ordinal).ToList();
        var global = findings.ToList();
        findings.Clear();
        foreach (var stream in streams) findings.AddRange(StreamChain.Check(stream.ToList()));
        // A finding of the global log is news only for an event its stream's chain did not already name.
        findings.AddRange(global.Where(g => findings.All(f => f.EventId != g.EventId)));
        var digest = request.Digest is { } token ? CheckDigest(token, links, hidden) : null;
        var ordered = findings.DistinctBy(f => f.EventId).Concat(hidden.Select(ChainFinding.Of))
            .OrderBy(f => f.Stream, StringComparer.Ordinal).ThenBy(f => f.Revision).ToList();
        return new(ordered.Count == 0 && digest is not { Matches: false }, scope, streams.Count, links.Count,
            links.Count == 0 ? null : links.Max(l => l.Position).ToString(), ordered, digest);
    }

    private static DigestCheck CheckDigest(string token, IReadOnlyList<ChainLink> links, IReadOnlyList<HiddenStream> hidden)
    {
        if (!LedgerDigest.TryParseToken(token, out var position, out var takenAt, out var hash, out var error))
            throw new ArgumentException(error, nameof(token)); // the validator refuses it first
        var upTo = links.Where(l => l.Position <= position).ToList();
        var now = LedgerDigest.Compute(upTo, position, takenAt);
        // The digest is of the global log, which still holds what the store hides from a stream: a stream the digest
        // covered and whose events can no longer be read has lost them all the same.
        var covered = upTo.Select(l => l.Stream).ToHashSet(StringComparer.Ordinal);
        var lost = hidden.Where(h => covered.Contains(h.Stream)).ToList();
        var matches = now.Hash == hash && lost.Count == 0;
        var detail = lost.Count > 0
            ? $"events recorded by {takenAt:u} can no longer be read: the store now hides them ({string.Join("; ", lost)})"
            : matches
            ? $"nothing recorded up to position {position} ({now.StreamCount} streams, {now.EventCount} events) has changed since {takenAt:u}"
            : $"the ledger up to position {position} no longer produces this digest: something recorded by {takenAt:u} was altered, removed, inserted or reordered since (it now holds {now.StreamCount} streams, {now.EventCount} events up to that position)";
        return new(token.Trim(), position.ToString(), takenAt, matches, now.StreamCount, now.EventCount, detail);
    }
}
