using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Import;

/// <summary>
/// What an import compares a line with when the line's event id is already recorded: where the event sits, the
/// hash it claims (null when its envelope cannot be read) and when the ledger learned it. The hash is not
/// recomputed here: a line repeats a recorded event when it claims what the event claims; whether stored
/// content still matches its hash is <c>verify</c>'s question.
/// </summary>
internal sealed record RecordedClaim(string Stream, ulong Revision, string? Hash, DateTimeOffset RecordedAt)
{
    /// <summary>
    /// Whether the recorded event is the one a line of a file claims: in <paramref name="stream"/>, with its hash and the moment
    /// its ledger recorded it (the check of a line whose id is recorded, and the append's look at what another writer recorded).
    /// </summary>
    public bool Is(string stream, string? hash, DateTimeOffset? recordedAt) => Stream == stream && Hash == hash && RecordedAt == recordedAt;

    public static RecordedClaim Of(RecordedEvent e, Func<string, string>? intern = null)
    {
        var envelope = Envelope.ReadStored(e.Metadata, out _);
        return new(intern?.Invoke(e.Stream) ?? e.Stream, e.Revision, envelope?.Hash, envelope?.OriginallyRecordedAt ?? e.RecordedAt);
    }
}
