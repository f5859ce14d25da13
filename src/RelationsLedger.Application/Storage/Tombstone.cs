namespace RelationsLedger.Application.Storage;

/// <summary>
/// The server's record of a stream deleted for good (on KurrentDB, a tombstone): written into the stream at the last revision
/// there can be, not an event anyone appended. Readers of the global log pass over it unless they ask for it
/// (<see cref="StreamFilter.Tombstones"/>); the audit names the deletion (<see cref="HiddenStream"/>). An event appended with
/// that type has a revision below the last one and stays an event, to be checked like any other. The embedded store has none.
/// </summary>
public static class Tombstone
{
    public const string Type = "$streamDeleted";

    public static bool Is(RecordedEvent e) => e.Type == Type && e.Revision == long.MaxValue;
}
