namespace RelationsLedger.Domain.Parties;

/// <summary>
/// One unordered pair of parties. The two ids are kept in canonical (ordinal) order so that
/// RU/AF and AF/RU name the same relationship and the same stream.
/// </summary>
public sealed record RelationshipKey
{
    public const string StreamPrefix = "relationship-";

    public PartyId First { get; }
    public PartyId Second { get; }

    private RelationshipKey(PartyId first, PartyId second) => (First, Second) = (first, second);

    public static RelationshipKey Of(PartyId a, PartyId b)
    {
        if (a == b) throw new ArgumentException($"A relationship needs two different parties; both are '{a}'.");
        return string.CompareOrdinal(a.Value, b.Value) < 0 ? new(a, b) : new(b, a);
    }

    public static RelationshipKey Of(string a, string b) => Of(PartyId.Parse(a), PartyId.Parse(b));

    private string? _streamName;

    /// <summary>
    /// The stream's name, made on first use and kept: a command asks its key for it four times or more (the cache, the
    /// store's read and append, the answer), each a new string before (docs/performance.md, round 32).
    /// </summary>
    public string StreamName => _streamName ??= $"{StreamPrefix}{First}~{Second}";

    /// <summary>The two parties make the key: the stream name kept (or not yet made) is no part of what it is.</summary>
    public bool Equals(RelationshipKey? other) => other is not null && First == other.First && Second == other.Second;

    public override int GetHashCode() => HashCode.Combine(First, Second);

    public bool Contains(PartyId party) => party == First || party == Second;

    public PartyId Other(PartyId party) =>
        party == First ? Second : party == Second ? First : throw new ArgumentException($"'{party}' is not a party of {this}.");

    public static bool TryParseStream(string stream, out RelationshipKey? key)
    {
        key = null;
        if (!stream.StartsWith(StreamPrefix, StringComparison.Ordinal)) return false;
        var parts = stream[StreamPrefix.Length..].Split('~');
        if (parts.Length != 2 || !PartyId.IsValid(parts[0]) || !PartyId.IsValid(parts[1]) || parts[0] == parts[1]) return false;
        key = Of(parts[0], parts[1]);
        return key.StreamName == stream;
    }

    public override string ToString() => $"{First}~{Second}";
}
