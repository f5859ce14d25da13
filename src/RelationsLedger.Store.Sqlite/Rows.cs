using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

internal static class Rows
{
    public const string Columns = "position, event_id, stream, revision, type, data, metadata, recorded_at";

    public static RecordedEvent Read(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(1)),
        r.GetString(2),
        (ulong)r.GetInt64(3),
        GlobalPosition.Of((ulong)Math.Max(0, r.GetInt64(0))), // a forged row below the first position reads at 0: before anything a digest covers
        r.GetString(4),
        (byte[])r.GetValue(5),
        (byte[])r.GetValue(6),
        new DateTimeOffset(r.GetInt64(7), TimeSpan.Zero));
}
