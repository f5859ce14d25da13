namespace RelationsLedger.Application.Storage;

/// <summary>
/// The marks in the header of the ledger's SQLite files (<c>PRAGMA application_id</c>, bytes 68–71 of the file) that
/// tell them from each other and from every other SQLite file: a file without its mark is never written to or removed
/// as if it were one of them.
/// </summary>
public static class SqliteFileMarks
{
    /// <summary>"RLGD": an embedded store (the event log).</summary>
    public const int Store = 0x524C4744;

    /// <summary>"RLRM": a read model.</summary>
    public const int ReadModel = 0x524C524D;
}
