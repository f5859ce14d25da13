using System.Collections;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// A log's links in the order they were read, for the verifier and the digest, which check each stream's chain on
/// the whole of it and so hold a whole ledger's links at once. What consecutive links repeat is therefore kept once:
/// a stream's name and an event type's name, and a hash that the next link of the stream claims as its previous one.
/// (Before, every link carried its own copies: ≈ 1.1 GB to verify 1M events; docs/performance.md, round 8.)
/// </summary>
public sealed class ChainLinks : IReadOnlyList<ChainLink>
{
    private readonly List<ChainLink> _links = [];
    private readonly Dictionary<string, ChainLink> _heads = new(StringComparer.Ordinal);
    private readonly TextPool _types = new();

    /// <summary>The link of <paramref name="e"/>, added after the links read before it, and the envelope read to make it (null when unreadable).</summary>
    public ChainLink Add(RecordedEvent e, out Serialization.Envelope? envelope)
    {
        var link = ChainLink.Of(e, out envelope);
        _heads.TryGetValue(link.Stream, out var head);
        link = link with
        {
            Stream = head?.Stream ?? link.Stream,
            Type = _types.Keep(link.Type),
            PreviousHash = head is not null && string.Equals(link.PreviousHash, head.Hash, StringComparison.Ordinal) ? head.Hash : link.PreviousHash,
        };
        _heads[link.Stream] = link;
        _links.Add(link);
        return link;
    }

    public int Count => _links.Count;

    public ChainLink this[int index] => _links[index];

    public IEnumerator<ChainLink> GetEnumerator() => _links.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
