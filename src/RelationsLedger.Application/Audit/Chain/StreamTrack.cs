using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// What the verifier keeps of one stream while the log is read: its last link, and whether every link so far simply
/// continues its chain. A stream that does (<see cref="Intact"/>) is one <see cref="StreamChain.Check"/> has nothing to
/// say of, so its links need not be held; any other is checked on all of its links once the log is read, as before.
/// </summary>
public sealed class StreamTrack(string stream, int order)
{
    public string Stream { get; } = stream;

    /// <summary>Where the stream first appears among the log's streams: its findings come in that order.</summary>
    public int Order { get; } = order;

    public ChainLink? Head { get; private set; }

    /// <summary>
    /// Every link so far is readable, produces its own hash and chains onto the link before it, at the next revision, a
    /// later position and no earlier recorded time — the first at revision 0, chained onto nothing — in a stream the
    /// ledger would name. Such links make one chain in recording order, their hashes all different (each covers the hash
    /// before it, back to a first that covers none), in which <see cref="StreamChain.Check"/> finds nothing.
    /// </summary>
    public bool Intact { get; private set; } = RelationshipKey.TryParseStream(stream, out _);

    public void Add(ChainLink link)
    {
        if (Intact && !Continues(Head, link)) Intact = false;
        Head = link;
    }

    private static bool Continues(ChainLink? head, ChainLink link) =>
        link.Unreadable is null && link.ContentMatchesHash && link.Hash is not null && (head is null
            ? link.PreviousHash is null && link.Revision == 0
            : string.Equals(link.PreviousHash, head.Hash, StringComparison.Ordinal) && head.Revision < ulong.MaxValue &&
              link.Revision == head.Revision + 1 && link.Position > head.Position && link.RecordedAt >= head.RecordedAt);
}
