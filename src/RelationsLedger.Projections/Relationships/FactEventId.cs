using Microsoft.Data.Sqlite;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// A fact row's <c>event_id</c>: the UUID's 16 bytes, most significant first (written by <c>SqliteStatement.BindBytes</c>; <c>hex(event_id)</c>
/// shows its digits in order). Since schema version 5: the 36-character text cost 20 bytes more in the row and again in the
/// covering index of the changed-between question, ~40 bytes of every event's share of the file.
/// </summary>
internal static class FactEventId
{
    public static Guid Read(SqliteDataReader r, int column) => r.GetValue(column) switch
    {
        byte[] { Length: 16 } bytes => new Guid(bytes, bigEndian: true),
        var other => throw new InvalidDataException(
            $"A fact's event_id in the read model is not the 16 bytes of a UUID but {Described(other)}: the file was changed outside the " +
            "ledger. Make it again with 'ledger projections rebuild'."),
    };

    private static string Described(object value) => value switch
    {
        byte[] bytes => $"{bytes.Length} bytes",
        string text => $"text of {text.Length} characters",
        long => "an integer",
        double => "a real number",
        _ => "null",
    };
}
