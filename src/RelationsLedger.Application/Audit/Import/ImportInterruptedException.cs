namespace RelationsLedger.Application.Audit.Import;

/// <summary>Why an import stopped after appending part of the file.</summary>
public enum ImportStop
{
    /// <summary>Another writer appended to a stream the import was appending to.</summary>
    AnotherWriter,

    /// <summary>The store could not be written (a full disk, a lost connection).</summary>
    StoreFailed,
}

/// <summary>
/// The import stopped while appending: the events of the batches appended before stay recorded, each batch whole, and
/// running the import again skips them. The message says how many; it never says "nothing was recorded" when something was.
/// </summary>
public sealed class ImportInterruptedException(string message, Exception inner, int imported, ImportStop stop = ImportStop.AnotherWriter) : Exception(message, inner)
{
    /// <summary>How many events of the file were appended before the stop.</summary>
    public int Imported { get; } = imported;

    public ImportStop Stop { get; } = stop;
}

/// <summary>The import was cancelled while appending (Ctrl+C): an <see cref="OperationCanceledException"/> that says what was recorded before.</summary>
public sealed class ImportCancelledException(string message, CancellationToken token) : OperationCanceledException(message, token);
