using RelationsLedger.Application.Audit.Chain;
using RelationsLedger.Application.Storage;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

internal static class Rows
{
    public const string Columns = "position, event_id, stream, revision, type, data, metadata, recorded_at";

    public static RecordedEvent Read(SqliteStatement r) => new(
        EventId(r),
        r.Text(2),
        (ulong)r.Int64(3),
        GlobalPosition.Of((ulong)Math.Max(0, r.Int64(0))), // a forged row below the first position reads at 0: before anything a digest covers
        r.Text(4),
        r.Utf8(5).ToArray(),
        r.Utf8(6).ToArray(),
        new DateTimeOffset(r.Int64(7), TimeSpan.Zero));

    /// <summary>
    /// The row's event id. The column is text, so an edit of the file can put anything there; the ledger wrote only UUIDs.
    /// Such a row is no event at all (no hash can be recomputed without its id), so every reader stops at it, naming it as
    /// tampering (exit code 5), rather than fail as a bug.
    /// </summary>
    private static Guid EventId(SqliteStatement r)
    {
        try
        {
            return r.Uuid(1);
        }
        catch (FormatException)
        {
            var id = r.Text(1);
            var shown = id.Length > 80 ? id[..80] + "…" : id;
            throw LedgerTamperedException.UnreadableRow(new ChainFinding(TamperKind.Altered, r.Text(2), (ulong)r.Int64(3), Guid.Empty,
                r.Int64(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"its event_id '{shown}' is not an event id (a UUID): the row was changed in the store file"));
        }
    }
}
