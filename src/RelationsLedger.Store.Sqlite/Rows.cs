using RelationsLedger.Application.Storage;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

internal static class Rows
{
    public const string Columns = "position, event_id, stream, revision, type, data, metadata, recorded_at";

    public static RecordedEvent Read(SqliteStatement r) => new(
        r.Uuid(1),
        r.Text(2),
        (ulong)r.Int64(3),
        GlobalPosition.Of((ulong)Math.Max(0, r.Int64(0))), // a forged row below the first position reads at 0: before anything a digest covers
        r.Text(4),
        r.Utf8(5).ToArray(),
        r.Utf8(6).ToArray(),
        new DateTimeOffset(r.Int64(7), TimeSpan.Zero));
}
