namespace RelationsLedger.Cli.Hosting;

/// <summary>The exit codes of <c>ledger</c> (the README's table lists them; a test keeps it complete).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure: a bug. One line says what; <c>RELATIONSLEDGER_DEBUG=1</c> prints the details.</summary>
    public const int Internal = 1;

    /// <summary>The input is wrong (a field, an option, a file, the store's name); every problem is named; nothing was changed.</summary>
    public const int Invalid = 2;

    /// <summary>The command contradicts the record (the conflicting event is named), or an import was interrupted by another writer.</summary>
    public const int Refused = 3;

    /// <summary>The store cannot be reached, opened or written, is not a ledger, or holds no ledger; or an import cannot use its temporary file.</summary>
    public const int StoreUnavailable = 4;

    /// <summary><c>verify</c> found tampering, or a digest no longer matches; or a command or question met an event that is not the ledger's (named; nothing was recorded).</summary>
    public const int IntegrityFailure = 5;

    /// <summary><c>serve</c> cannot listen where it was asked to.</summary>
    public const int CannotListen = 6;

    /// <summary>The read model stopped on an event it cannot apply, cannot be opened or written (a full disk), or can neither answer nor be made again.</summary>
    public const int ReadModelFailed = 7;

    /// <summary>The command id was already used for a different command (the earlier event is named); nothing was recorded.</summary>
    public const int CommandIdReused = 8;

    /// <summary>The output could not be written (a redirect to a full disk): what was written is incomplete.</summary>
    public const int OutputUnwritable = 9;

    /// <summary>Cancelled (Ctrl+C); an import cancelled while appending says how much of the file it recorded.</summary>
    public const int Cancelled = 130;
}
