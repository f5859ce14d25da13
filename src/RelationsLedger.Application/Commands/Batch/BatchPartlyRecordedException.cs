using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// On a store without transactions across streams (KurrentDB), the append of one relationship's part of a batch
/// failed after the parts before it were appended: those relationships hold their part (each part is atomic), the
/// rest hold nothing. Retrying the same batch — the same command ids — records the rest and nothing twice.
/// <para>Or the append of a later part lost a race to another writer, and the batch decided again is refused (or invalid)
/// on the record as it now stands (<see cref="Refused"/>): the earlier parts stay recorded, and the same batch again is
/// refused the same way.</para>
/// </summary>
/// <param name="retry">What to do next (<see cref="BatchRetry.Advice"/>): the same batch again, unless some of its commands gave no id.</param>
public sealed class BatchPartlyRecordedException(IReadOnlyList<string> recorded, string failed, Exception inner, string retry = BatchRetry.SameIds)
    : Exception(Describe(recorded, failed, inner, retry), inner)
{
    private static string Describe(IReadOnlyList<string> recorded, string failed, Exception inner, string retry)
    {
        var parts = $"The batch was recorded in part: {(recorded.Count == 0 ? "no relationship" : string.Join(", ", recorded))} " +
            $"recorded {(recorded.Count == 1 ? "its" : "their")} part";
        return inner switch
        {
            BatchRefusedException refused => $"{parts}; then another writer recorded in {failed} and the batch, decided again, contradicts the record there. " +
                $"Refused: {string.Join("; ", refused.Refused.Select(r => r.ToString()))}. The recorded part stays (KurrentDB has no transaction across streams); " +
                "the other relationships hold nothing of the batch, and the same batch again is refused the same way.",
            FluentValidation.ValidationException invalid => $"{parts}; then another writer recorded in {failed} and the batch, read again, is invalid there: " +
                $"{string.Join("; ", invalid.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"))}. The recorded part stays (KurrentDB has no transaction " +
                "across streams); the other relationships hold nothing of the batch.",
            // Failed in flight (the server died mid-call): whether it wrote that part no one can say, so the message does not.
            StoreUnavailableException { OutcomeUnknown: true } => $"{parts}, and the append to {failed} failed in flight ({inner.Message}): " +
                $"{failed} may or may not hold its part, and the relationships after it hold nothing of the batch. " + retry,
            _ => $"{parts}, and the append to {failed} failed ({inner.Message}), so it and the relationships after it " +
                "hold nothing of the batch. " + retry,
        };
    }

    public IReadOnlyList<string> RecordedStreams { get; } = recorded;

    /// <summary>What the message says to do next, for an answer that gives its own words (the API's 503).</summary>
    public string Retry { get; } = retry;
    public string FailedStream { get; } = failed;

    /// <summary>The items refused when the batch, having lost a race after earlier parts were appended, was decided again.</summary>
    public IReadOnlyList<BatchItemRefused> Refused { get; init; } = [];
}
