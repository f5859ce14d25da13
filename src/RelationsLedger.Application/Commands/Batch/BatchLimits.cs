namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// How large a batch may be. A batch is decided in memory and appended in one append per relationship (one
/// transaction on the embedded store), so it is bounded: a source's facts are tens of commands, an import of a
/// whole data set is the import's job (<c>ledger import</c>), not a batch's.
/// </summary>
public static class BatchLimits
{
    /// <summary>The most commands one batch may hold.</summary>
    public const int MaxItems = 1000;

    /// <summary>The most bytes a batch's JSON may have (1 MiB): a file, standard input or an HTTP body.</summary>
    public const int MaxBytes = 1024 * 1024;
}
