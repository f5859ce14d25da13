namespace RelationsLedger.Application.Storage;

/// <summary>The stream was not at the revision the writer expected: someone else wrote first.</summary>
public sealed class WrongExpectedRevisionException(string stream, ExpectedRevision expected, ulong? actual)
    : Exception($"Stream '{stream}' was expected at revision {expected} but is at {(actual is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no stream")}.")
{
    public string Stream { get; } = stream;
    public ExpectedRevision Expected { get; } = expected;
    public ulong? Actual { get; } = actual;
}

/// <summary>The store cannot be reached or used; the message names where it was looked for.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// An append failed in flight (the connection reset mid-call, a deadline): the events may or may not have been
    /// recorded, so no one may say that nothing was. A retry with the same event ids (command ids) is recorded once.
    /// </summary>
    public bool OutcomeUnknown { get; init; }
}
