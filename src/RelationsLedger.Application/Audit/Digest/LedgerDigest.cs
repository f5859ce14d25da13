using System.Globalization;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Audit.Digest;

/// <summary>One stream's head as a digest covers it: its last revision and hash, and a hash of every event's recorded time.</summary>
public sealed record StreamHead(string Stream, ulong Revision, string Hash, string RecordedTimesHash);

/// <summary>
/// A digest of the whole ledger at a global position: SHA-256 over every stream's head (revision,
/// hash, recorded times), with the position and the moment it was taken (docs/audit.md). Every hash in it
/// is recomputed from the event's stored content, never taken from the hash the event claims, so any change
/// of content shows — even where the stored hashes were left as they were. An auditor
/// keeps the token outside the system; later, recomputing it over the events up to the same
/// position proves that nothing recorded by then was altered, removed, inserted or reordered —
/// including a stream's tail or a whole stream, which no chain can show missing.
/// </summary>
public sealed record LedgerDigest(string Position, DateTimeOffset TakenAt, int StreamCount, long EventCount, string Hash, IReadOnlyList<StreamHead> Streams)
{
    public const string Scheme = "relationsledger-digest-v1";
    public const string TokenPrefix = "rld1";
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The token an auditor keeps: <c>rld1-&lt;position&gt;-&lt;taken at, UTC&gt;-&lt;SHA-256 hex&gt;</c>.</summary>
    public string Token => $"{TokenPrefix}-{Position}-{TakenAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{Hash}";

    /// <summary>
    /// The digest of the given links (the ledger's events up to <paramref name="position"/>), taken at
    /// <paramref name="takenAt"/> (whole seconds, UTC: the token carries it).
    /// </summary>
    public static LedgerDigest Compute(IEnumerable<ChainLink> links, GlobalPosition position, DateTimeOffset takenAt)
    {
        takenAt = new DateTimeOffset(takenAt.UtcTicks - takenAt.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var all = links.ToList();
        var heads = all.GroupBy(l => l.Stream, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Head(g.Key, g.OrderBy(l => l.Revision).ThenBy(l => l.Position).ToList())).ToList();
        var sha = new LengthPrefixed().Field(Scheme).Field(position.ToString())
            .Field(takenAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture))
            .Field(heads.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var h in heads)
            sha.Field(h.Stream).Field(h.Revision.ToString(CultureInfo.InvariantCulture)).Field(h.Hash).Field(h.RecordedTimesHash);
        return new(position.ToString(), takenAt, heads.Count, all.Count, sha.HexDigest(), heads);
    }

    private static StreamHead Head(string stream, List<ChainLink> inRevisionOrder)
    {
        var times = new LengthPrefixed();
        foreach (var l in inRevisionOrder) times.Field(Recomputed(l)).Field(Moments.Text(l.RecordedAt));
        var last = inRevisionOrder[^1];
        return new(stream, last.Revision, Recomputed(last), times.HexDigest());
    }

    /// <summary>The hash the event's content produces now; an event whose envelope cannot be read produces none, and so no match.</summary>
    private static string Recomputed(ChainLink l) => l.Recomputed ?? $"unreadable:{l.EventId:D}";

    /// <summary>Reads a token back: its position, time and hash. The hash is checked only by recomputing it.</summary>
    public static bool TryParseToken(string? token, out GlobalPosition position, out DateTimeOffset takenAt, out string hash, out string? error)
    {
        (position, takenAt, hash, error) = (default, default, "", null);
        var parts = (token ?? "").Trim().Split('-');
        if (parts.Length != 4 || parts[0] != TokenPrefix)
            error = $"'{token}' is not a digest token of the form {TokenPrefix}-<position>-<yyyyMMddTHHmmssZ>-<64 hex digits>";
        else if (!GlobalPosition.TryParse(parts[1], out position))
            error = $"'{parts[1]}' is not a global position";
        else if (!DateTimeOffset.TryParseExact(parts[2], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out takenAt))
            error = $"'{parts[2]}' is not a time of the form yyyyMMddTHHmmssZ";
        else if (parts[3].Length != 64 || !parts[3].All(char.IsAsciiHexDigitLower))
            error = "the hash must be 64 lower-case hex digits";
        else hash = parts[3];
        return error is null;
    }
}
