namespace RelationsLedger.Application.Storage;

/// <summary>The stream was not at the revision the writer expected: someone else wrote first.</summary>
public sealed class WrongExpectedRevisionException(string stream, ExpectedRevision expected, ulong? actual)
    : Exception($"Stream '{stream}' was expected at revision {expected} but is at {(actual is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no stream")}.")
{
    public string Stream { get; } = stream;
    public ExpectedRevision Expected { get; } = expected;
    public ulong? Actual { get; } = actual;

    /// <summary>
    /// The stream ends before the revision the writer read it at: events the writer read from it are gone from the store. Never
    /// a lost race — a stream only grows, and reading it again finds nothing newer (<see cref="StreamBehindItsRead"/>).
    /// </summary>
    public bool StreamWentBack => Expected.Kind == ExpectedRevision.Kinds.Exact && (Actual is null || Actual < Expected.Revision);
}

/// <summary>The store cannot be reached or used; the message names where it was looked for.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// An append failed in flight (the connection reset mid-call, a deadline): the events may or may not have been
    /// recorded, so no one may say that nothing was. A retry with the same event ids (command ids) is recorded once.
    /// The message says only what happened: the store does not know who appended, so each caller adds what its user should
    /// do — <c>ledger record</c> the command id to retry with, <c>record-batch</c> and the API theirs, the import to run it
    /// again (before round 57 the store's message ended with a command's advice, which the import had to cut out again).
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    /// <summary>
    /// This failure with what the caller's user should do after it (for a command: the command id to retry with), said after the
    /// store's words, which say only what happened; everything else about it is kept.
    /// </summary>
    public StoreUnavailableException Advising(string advice) => new($"{Message} {advice}", InnerException)
    {
        OutcomeUnknown = OutcomeUnknown, Unwritable = Unwritable, ClockBehind = ClockBehind, AnotherLedger = AnotherLedger, Unreachable = Unreachable,
        Advice = advice,
    };

    /// <summary>What <see cref="Advising"/> added, for an answer that does not repeat the store's words (the API's, which keep the node's address in the log).</summary>
    public string? Advice { get; private init; }

    /// <summary>
    /// Set when the store was reached but refused the write at its place — the embedded store's file on a full disk, read-only, or
    /// locked by another process past the wait: nothing was recorded, reads go on, and a retry fails the same way until an
    /// operator gives it room or access. Not an outage: a probe (a read) answers, so the server's log says it by itself
    /// (before round 52 such refusals were logged at Debug only, and a server whose disk had filled said nothing of it).
    /// </summary>
    public bool Unwritable { get; init; }

    /// <summary>
    /// Set when the store refused to record because this machine's clock is behind the log's last recorded time (by more
    /// than <see cref="RecordedTimes.AheadOfClock"/>): nothing was recorded, and a retry cannot succeed until the clock is set
    /// right, so the API does not tell a client to retry (its own problem type, in the same words without the store's path).
    /// </summary>
    public ClockBehindLog? ClockBehind { get; init; }

    /// <summary>
    /// Set when the store now holds another ledger than the one this process read from it (a KurrentDB node reset, wiped or
    /// replaced at the same address; another file moved over the embedded store's): nothing was read or recorded there, and a
    /// retry fails the same way until the process is restarted, so the API does not tell a client to retry later (its own
    /// problem type), and a feed consumer is told that the positions it was given are of the other log.
    /// </summary>
    public bool AnotherLedger { get; init; }

    /// <summary>
    /// Set when the store did not answer — a KurrentDB node that refused the connection, did not answer in time or named no leader —
    /// rather than answered wrongly (TLS, credentials, not a KurrentDB node: a mistake in the connection string, which waiting does not
    /// mend). <c>ledger serve</c> starts on such a store and waits for it, as it does when it goes away later.
    /// </summary>
    public bool Unreachable { get; init; }

    /// <summary>
    /// The store answered and refused (<see cref="AnotherLedger"/>, <see cref="ClockBehind"/>): not the store away, which a retry or
    /// a reconnect may get past, and not part of an outage; a retry fails the same way until an operator acts.
    /// </summary>
    public bool IsRefusal => AnotherLedger || ClockBehind is not null;
}
