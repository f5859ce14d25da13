namespace RelationsLedger.Application.Storage;

/// <summary>
/// What a decoded event costs to hold in memory, estimated from its stored bytes, so that a cache can be bounded by memory
/// rather than by a number of events that may each be small or 60 KB (a request body's limit).
/// </summary>
public static class HeldSize
{
    /// <summary>
    /// The objects every held event has whatever its text: the store's record, the envelope, the domain event and its fact, a
    /// source and its list, the two byte arrays, the strings' headers, the cache's index node — ~750 bytes, counted by type with
    /// dotnet-gcdump in a served ledger of 100,000 statements (docs/performance.md, round 45).
    /// </summary>
    public const int ObjectBytes = 750;

    /// <summary>
    /// <see cref="ObjectBytes"/>, the stored JSON itself (a held event keeps it: the history, timeline and audit answers show it)
    /// and its strings decoded at two bytes a character: at most twice the stored bytes, so three times them in all. An upper
    /// bound: a typical statement (776 bytes stored) is estimated at 3.1 KB and holds ~2.6 KB, as JSON is not all string content.
    /// </summary>
    public static long Of(LedgerEvent e) => ObjectBytes + 3L * (e.Recorded.Data.Length + e.Recorded.Metadata.Length);

    /// <summary>
    /// The objects a fact in the read model's memory has whatever its text (<c>RelationshipsProjection</c>): the fact and its
    /// decoded event, its segment, its row, the timeline's index entries — ~1.0 KB held of a typical statement of 304 bytes of
    /// data, counted with dotnet-gcdump in round 45, less its strings.
    /// </summary>
    public const int ReadModelObjectBytes = 450;

    /// <summary>
    /// What a fact of <paramref name="e"/> costs the read model's memory: <see cref="ReadModelObjectBytes"/> and its data's strings
    /// decoded at up to two bytes a character (it keeps neither the stored bytes nor the envelope). 1,058 bytes for the typical
    /// statement that holds ~1.0 KB.
    /// </summary>
    public static long InReadModel(LedgerEvent e) => ReadModelObjectBytes + 2L * e.Recorded.Data.Length;
}
