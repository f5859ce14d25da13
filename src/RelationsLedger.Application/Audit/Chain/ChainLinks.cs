using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Chain;

/// <summary>
/// A log's links as they are read, for the verifier and the digest: each stream's head and whether its chain is intact
/// so far (<see cref="StreamTrack"/>), not the links themselves (the caller keeps them on disk, <see cref="LinkSpill"/>).
/// What consecutive links repeat is shared: a stream's name and an event type's name, and a hash that the next link of
/// the stream claims as its previous one. (Before round 42 of issue #16 this held every link: ≈ 0.5 GB for 1M events;
/// before round 8, with every link's own copies, ≈ 1.1 GB.)
/// </summary>
public sealed class ChainLinks
{
    private readonly Dictionary<string, StreamTrack> _streams = new(StringComparer.Ordinal);
    private readonly TextPool _types = new();

    /// <summary>The link of <paramref name="e"/>, added after the links read before it, and the envelope read to make it (null when unreadable).</summary>
    public ChainLink Add(RecordedEvent e, out Serialization.Envelope? envelope)
    {
        var link = ChainLink.Of(e, out envelope);
        _streams.TryGetValue(link.Stream, out var track);
        var head = track?.Head;
        link = link with
        {
            Stream = head?.Stream ?? link.Stream,
            Type = _types.Keep(link.Type),
            PreviousHash = head is not null && string.Equals(link.PreviousHash, head.Hash, StringComparison.Ordinal) ? head.Hash : link.PreviousHash,
        };
        if (track is null) _streams[link.Stream] = track = new(link.Stream, _streams.Count);
        track.Add(link);
        Count++;
        Last = link;
        if (Highest is not { } highest || link.Position > highest) Highest = link.Position;
        return link;
    }

    public long Count { get; private set; }

    /// <summary>The link added last: in a log read in global order, the event before the next one.</summary>
    public ChainLink? Last { get; private set; }

    /// <summary>The highest position of a link added (null when none was).</summary>
    public GlobalPosition? Highest { get; private set; }

    public int StreamCount => _streams.Count;

    /// <summary>The streams whose chain did not simply go on (<see cref="StreamTrack.Intact"/>), in the order they first appeared.</summary>
    public IReadOnlyList<StreamTrack> NotIntact => [.. _streams.Values.Where(t => !t.Intact).OrderBy(t => t.Order)];
}
