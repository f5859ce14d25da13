namespace RelationsLedger.Api.Errors;

/// <summary>The <c>type</c> of every problem the API answers with (documented in docs/api.md).</summary>
public static class ProblemTypes
{
    private const string Base = "urn:relationsledger:problem:";

    public const string Validation = Base + "validation";
    public const string CommandRefused = Base + "command-refused";
    public const string BatchRefused = Base + "batch-refused";
    public const string BatchPartlyRecorded = Base + "batch-partly-recorded";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string Unauthenticated = Base + "unauthenticated";
    public const string Forbidden = Base + "forbidden";
    public const string BodyTooLarge = Base + "body-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string NotFound = Base + "not-found";
    public const string StoreUnavailable = Base + "store-unavailable";
    public const string ClockBehindLog = Base + "clock-behind-log";
    public const string StoreHoldsAnotherLedger = Base + "store-holds-another-ledger";
    public const string FeedBehind = Base + "feed-behind";
    public const string ReadModelUnavailable = Base + "read-model-unavailable";
    public const string Internal = Base + "internal";
    public const string BadRequest = Base + "bad-request";
    public const string LedgerTampered = Base + "ledger-tampered";
    public const string TooManyStreams = Base + "too-many-streams";
    public const string TooManyStreamsForKey = Base + "too-many-streams-for-key";
    public const string TooManyAnswers = Base + "too-many-answers";
    public const string TooManyAnswersForKey = Base + "too-many-answers-for-key";
}
