using System.Globalization;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Digest;

/// <summary>One stream's head as a digest covers it: its last revision and hash, and a hash of every event's recorded time.</summary>
public sealed record StreamHead(string Stream, ulong Revision, string Hash, string RecordedTimesHash);

/// <summary>
/// A digest of the whole ledger at a global position: SHA-256 over every stream's head (revision,
/// hash, recorded times), with the position and the moment it was taken, and (from version 2) the log's order: every
/// event's position and hash in global order (docs/audit.md). Every hash in it
/// is recomputed from the event's stored content, never taken from the hash the event claims, so any change
/// of content shows — even where the stored hashes were left as they were. An auditor
/// keeps the token outside the system; later, recomputing it over the events up to the same
/// position proves that nothing recorded by then was altered, removed, inserted, reordered or renumbered —
/// including a stream's tail or a whole stream, which no chain can show missing.
/// </summary>
public sealed record LedgerDigest(string Position, DateTimeOffset TakenAt, int StreamCount, long EventCount, string Hash, IReadOnlyList<StreamHead> Streams)
{
    /// <summary>The version a digest is taken in. Version 1 (<c>rld1</c>, before round 40) left the log's order out:
    /// two events of different streams swapped in the log, with their times, kept it. Its tokens still check, as they were made.</summary>
    public const int Current = 2;

    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The version this digest was made in: 1 for an auditor's token taken before round 40, else <see cref="Current"/>.</summary>
    public int Version { get; init; } = Current;

    /// <summary>The scheme's name, the digest's first field: <c>relationsledger-digest-v2</c> (or <c>-v1</c>).</summary>
    public string Scheme => SchemeOf(Version);

    /// <summary>Version 2: the hash of the log's order (each event's position and hash, in global order); null in version 1.</summary>
    public string? LogHash { get; init; }

    /// <summary>The token an auditor keeps: <c>rld2-&lt;position&gt;-&lt;taken at, UTC&gt;-&lt;SHA-256 hex&gt;</c>.</summary>
    public string Token => $"{PrefixOf(Version)}-{Position}-{TakenAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{Hash}";

    private static string SchemeOf(int version) => $"relationsledger-digest-v{version}";

    private static string PrefixOf(int version) => $"rld{version}";

    /// <summary>
    /// The digest of the given links (the ledger's events up to <paramref name="position"/>), taken at
    /// <paramref name="takenAt"/> (whole seconds, UTC: the token carries it), in <paramref name="version"/> of the scheme.
    /// The links are hashed as they come, in the log's order (<see cref="DigestStreams"/>): memory follows the streams, not
    /// the events. A stream whose links do not come in revision order, or a log whose links do not come in position order,
    /// is read a second time (so <paramref name="links"/> is enumerated once or twice).
    /// </summary>
    public static LedgerDigest Compute(IEnumerable<ChainLink> links, GlobalPosition position, DateTimeOffset takenAt, int version = Current)
    {
        takenAt = new DateTimeOffset(takenAt.UtcTicks - takenAt.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var (heads, log, count) = DigestStreams.Of(links, logOrder: version >= 2);
        var sha = new LengthPrefixed().Field(SchemeOf(version)).Field(position.ToString())
            .Field(takenAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture))
            .Field(heads.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var h in heads)
            sha.Field(h.Stream).Field(h.Revision.ToString(CultureInfo.InvariantCulture)).Field(h.Hash).Field(h.RecordedTimesHash);
        if (log is not null) sha.Field(log);
        return new(position.ToString(), takenAt, heads.Count, count, sha.HexDigest(), heads) { Version = version, LogHash = log };
    }

    /// <summary>Reads a token back: its position, time and hash. The hash is checked only by recomputing it.</summary>
    public static bool TryParseToken(string? token, out GlobalPosition position, out DateTimeOffset takenAt, out string hash, out string? error) =>
        TryParseToken(token, out _, out position, out takenAt, out hash, out error);

    /// <summary>Reads a token back with the version of the scheme it was made in (<c>rld1</c> or <c>rld2</c>).</summary>
    public static bool TryParseToken(string? token, out int version, out GlobalPosition position, out DateTimeOffset takenAt, out string hash, out string? error)
    {
        (version, position, takenAt, hash, error) = (0, default, default, "", null);
        var parts = (token ?? "").Trim().Split('-');
        if (parts.Length != 4 || (parts[0] != PrefixOf(1) && parts[0] != PrefixOf(Current)))
            error = $"'{token}' is not a digest token of the form {PrefixOf(Current)}-<position>-<yyyyMMddTHHmmssZ>-<64 hex digits> (or {PrefixOf(1)}-…, a digest taken before 2026-12-04)";
        else if (!GlobalPosition.TryParse(parts[1], out position))
            error = $"'{parts[1]}' is not a global position";
        else if (!DateTimeOffset.TryParseExact(parts[2], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out takenAt))
            error = $"'{parts[2]}' is not a time of the form yyyyMMddTHHmmssZ";
        else if (parts[3].Length != 64 || !parts[3].All(char.IsAsciiHexDigitLower))
            error = "the hash must be 64 lower-case hex digits";
        else (version, hash) = (parts[0] == PrefixOf(1) ? 1 : Current, parts[3]);
        return error is null;
    }
}
