using RelationsLedger.Application.Storage;

namespace RelationsLedger.Api.Feed;

/// <summary>
/// A hiding of a relationship stream by another client of KurrentDB (its metadata: a truncation, a count, an age, a soft
/// delete; or its tombstone) that the feed read past: its record's position in the log, the stream, and what it hides. The
/// server's scavenge takes hidden events out of the global log, positions and all, and KurrentDB's positions have gaps
/// everywhere: the record is what is left in the log to say events of the stream are missing, so a consumer that reads
/// across it is told there. Positions are strings, as everywhere in the feed.
/// </summary>
public sealed record CrossedHiding(string Stream, string Position, string How)
{
    public static CrossedHiding Of(HiddenStream hidden) => new(hidden.Stream, hidden.Position?.ToString() ?? "", hidden.How);

    /// <summary>How the stream says it crossed the hiding, as a comment line in its place.</summary>
    public string Comment =>
        $": hidden at {Position}: {Stream}: {How}; a scavenge takes hidden events out of the log, so the feed may not send them ('ledger verify' names what is missing)\n\n";
}
