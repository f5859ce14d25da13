using Microsoft.Data.Sqlite;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// How many appends shared one transaction (and so one sync of the WAL) in the embedded store, read from the store file
/// itself: the store stamps every event of a group commit with the one recorded time it takes for the group
/// (<c>GroupWriter</c>), and each group's time is later than the one before (<c>RecordedTime.Next</c>), so the distinct
/// recorded times after a position are the transactions that wrote them. Read on a connection of its own, read-only, so it
/// sees a server in another process as well as one in this process.
/// </summary>
public static class CommitGroups
{
    public static long LastPosition(string storePath)
    {
        using var connection = Open(storePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(position), 0) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    public static void Report(string figure, string storePath, long afterPosition)
    {
        using var connection = Open(storePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT recorded_at) FROM events WHERE position > $after";
        command.Parameters.AddWithValue("$after", afterPosition);
        using var reader = command.ExecuteReader();
        reader.Read();
        var (events, groups) = (reader.GetInt64(0), reader.GetInt64(1));
        Measure.Report(figure, groups == 0 ? "no events" : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(double)events / groups,12:N2} appends per transaction ({events:N0} events in {groups:N0} transactions, one sync each at FULL)"));
    }

    private static SqliteConnection Open(string storePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
