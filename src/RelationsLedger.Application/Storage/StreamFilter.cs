namespace RelationsLedger.Application.Storage;

/// <summary>Which streams a read of the global log or a subscription delivers.</summary>
public sealed record StreamFilter(string? StreamPrefix)
{
    /// <summary>Every non-system stream.</summary>
    public static StreamFilter All { get; } = new((string?)null);

    /// <summary>The relationship streams of the ledger.</summary>
    public static StreamFilter Relationships { get; } = new(Domain.Parties.RelationshipKey.StreamPrefix);

    /// <summary>
    /// Also the server's records of streams deleted for good (<see cref="Tombstone"/>) among the streams the filter names: for
    /// the read model, which must tell a relationship that was deleted and scavenged — the tombstone is all the log holds of
    /// it — from one never recorded. Every other reader passes over them.
    /// </summary>
    public bool Tombstones { get; init; }

    /// <summary>The relationship streams and their tombstones: what the read model reads.</summary>
    public static StreamFilter RelationshipsAndTombstones { get; } = Relationships with { Tombstones = true };

    /// <summary>
    /// Also the store's records of another client hiding events of the streams the filter names (<see cref="HidingRecord"/>: the
    /// streams' metadata and tombstones), in their place in the log: for the feed, which says where it crossed one. Needs a
    /// <see cref="StreamPrefix"/>. Every other reader passes over them.
    /// </summary>
    public bool Hidings { get; init; }

    /// <summary>Whether a reader of this filter is given <paramref name="e"/>, of a stream it names: a tombstone only when it asks for them.</summary>
    public bool Delivers(RecordedEvent e) => Tombstones || Hidings || !Tombstone.Is(e);

    public bool Matches(string stream) =>
        Hidings && StreamPrefix is not null && stream.StartsWith(HidingRecord.MetadataStreamPrefix + StreamPrefix, StringComparison.Ordinal)
        || !stream.StartsWith('$') && (StreamPrefix is null || stream.StartsWith(StreamPrefix, StringComparison.Ordinal));
}
