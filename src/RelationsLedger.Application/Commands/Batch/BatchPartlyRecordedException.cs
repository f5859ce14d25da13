namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// On a store without transactions across streams (KurrentDB), the append of one relationship's part of a batch
/// failed after the parts before it were appended: those relationships hold their part (each part is atomic), the
/// rest hold nothing. Retrying the same batch — the same command ids — records the rest and nothing twice.
/// </summary>
public sealed class BatchPartlyRecordedException(IReadOnlyList<string> recorded, string failed, Exception inner)
    : Exception($"The batch was recorded in part: {(recorded.Count == 0 ? "no relationship" : string.Join(", ", recorded))} " +
        $"recorded {(recorded.Count == 1 ? "its" : "their")} part, and the append to {failed} failed ({inner.Message}), so it and the relationships after it " +
        "hold nothing of the batch. Retry the same batch with the same command ids: what was recorded is recognised and not recorded twice.", inner)
{
    public IReadOnlyList<string> RecordedStreams { get; } = recorded;
    public string FailedStream { get; } = failed;
}
