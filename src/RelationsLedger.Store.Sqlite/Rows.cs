using System.Globalization;
using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

internal static class Rows
{
    public const string Columns = "position, event_id, stream, revision, type, data, metadata, recorded_at";

    public static RecordedEvent Read(SqliteStatement r)
    {
        var id = EventId(r, 1);
        return new(
            id,
            r.Text(2),
            (ulong)r.Int64(3),
            GlobalPosition.Of((ulong)Math.Max(0, r.Int64(0))), // a forged row below the first position reads at 0: before anything a digest covers
            r.Text(4),
            Json(r, 5, "data", id),
            Json(r, 6, "metadata", id),
            new DateTimeOffset(r.Int64(7), TimeSpan.Zero));
    }

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
