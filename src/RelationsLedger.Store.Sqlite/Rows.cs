using System.Buffers;
using System.Globalization;
using System.Text;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Events;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

internal static class Rows
{
    public const string Columns = "position, event_id, stream, revision, type, data, metadata, recorded_at";

    /// <param name="stream">The stream the query asked for, if one: a row of it (every row, read stream by stream) shares its name rather than a copy.</param>
    public static RecordedEvent Read(SqliteStatement r, string? stream = null)
    {
        var id = EventId(r, 1);
        return new(
            id,
            stream is not null && Ascii.Equals(r.Utf8(2), stream) ? stream : r.Text(2),
            (ulong)r.Int64(3),
            GlobalPosition.Of((ulong)Math.Max(0, r.Int64(0))), // a forged row below the first position reads at 0: before anything a digest covers
            Type(r, 4),
            Json(r, 5, "data", id),
            Json(r, 6, "metadata", id),
            new DateTimeOffset(r.Int64(7), TimeSpan.Zero));
    }

    /// <summary>
    /// The row's event type: one of the catalogue's names as the one string the catalogue holds (a type is read with every
    /// event, and there are a few dozen of them), any other text (another client's event) as read.
    /// </summary>
    private static string Type(SqliteStatement r, int column)
    {
        var stored = r.Utf8(column);
        Span<char> chars = stackalloc char[LongestKnownType];
        return stored.Length <= chars.Length && Ascii.ToUtf16(stored, chars, out var length) == OperationStatus.Done
            && KnownTypes.TryGetValue(chars[..length], out var known)
            ? known
            : r.Text(column);
    }

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownTypes =
        EventCatalogue.All.Select(e => e.Name).Append(Tombstone.Type).Distinct(StringComparer.Ordinal)
            .ToDictionary(name => name, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly int LongestKnownType = KnownTypes.Dictionary.Keys.Max(name => name.Length);

    /// <summary>
    /// An event id as the row holds it: the UUID's 16 bytes (most significant first) in a version 3 file, its 36 characters in
    /// earlier ones (and in a version 3 row whose text the upgrade kept as it was found). The column takes anything an edit of the
    /// file puts there; the ledger wrote only UUIDs. Such a row is no event at all (no hash can be recomputed without its id), so
    /// every reader stops at it, naming it as tampering (exit code 5), rather than fail as a bug.
    /// </summary>
    public static Guid EventId(SqliteStatement r, int column)
    {
        var stored = r.Utf8(column);
        if (r.IsBlob(column) && stored.Length == 16) return new Guid(stored, bigEndian: true);
        try
        {
            return r.Uuid(column);
        }
        catch (FormatException)
        {
            var id = r.IsBlob(column) ? $"x'{Convert.ToHexStringLower(stored[..Math.Min(stored.Length, 40)])}'" : r.Text(column);
            var shown = id.Length > 80 ? id[..80] + "…" : id;
            throw Unreadable(r, Guid.Empty, $"its event_id '{shown}' is not an event id (a UUID): the row was changed in the store file");
        }
    }

    /// <summary>
    /// The JSON a row's <paramref name="name"/> column holds, as it was written (<see cref="CompactJson"/>). A compact value that
    /// does not decode was edited in the file: the row is named as unreadable, with its position, as an altered event.
    /// </summary>
    private static byte[] Json(SqliteStatement r, int column, string name, Guid id) =>
        CompactJson.TryDecode(r.Utf8(column), out var json, out var why)
            ? json
            : throw Unreadable(r, id, $"its {name} is stored compressed and does not decode ({why}): the row was changed in the store file");

    private static LedgerTamperedException Unreadable(SqliteStatement r, Guid id, string why) =>
        LedgerTamperedException.UnreadableRow(new ChainFinding(TamperKind.Altered, r.Text(2), (ulong)r.Int64(3), id,
            r.Int64(0).ToString(CultureInfo.InvariantCulture), why));
}
