namespace RelationsLedger.Application.Storage;

/// <summary>
/// An append to several streams on a store without transactions across streams stopped at one part: the
/// parts before it were appended (<see cref="Appended"/>), it and the parts after it were not.
/// </summary>
public sealed class PartialAppendException(IReadOnlyList<AppendResult> appended, int failedPart, string stream, Exception inner)
    : Exception($"{appended.Count} of the streams were appended; the append to '{stream}' failed and the rest were not tried: {inner.Message}", inner)
{
    public IReadOnlyList<AppendResult> Appended { get; } = appended;
    public int FailedPart { get; } = failedPart;
    public string Stream { get; } = stream;
}
