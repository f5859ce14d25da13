using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// What a writer does when another writer appended to its relationship between its read and its append: it reads again
/// and decides again, after a short random pause, at most <see cref="MaxAttempts"/> times — then gives up with nothing
/// recorded. One policy for a command and a batch.
/// <para>
/// Why the pause: on the embedded store, appends queue for one group commit; a writer that re-reads at once reads the
/// store as of the last commit while the group being written may be appending to the same relationship again, and its
/// own append queues behind that group, so it loses again. Under four writers recording batches on five relationships
/// a batch lost ten races in a row about once in every few hundred seconds of such load (seen as a 500 in
/// <c>KilledServerTests</c>). A pause of up to 2, 4, 8 … 64 ms lets the group in flight commit before the re-read,
/// and writers that lost together do not try again together.
/// </para>
/// <para>
/// Why the turn: a pause does not help a writer whose relationships others write all the time (a batch across many, each
/// busy): it loses again after every pause. After <see cref="TakeTurnAfter"/> losses it holds their turns while it reads,
/// decides and appends; the writers of this process wait, and it can lose only to writers of other processes.
/// </para>
/// </summary>
public static class LostRaces
{
    public const int MaxAttempts = 10;

    /// <summary>
    /// After this many lost races a writer takes the write turn of its relationships (<see cref="WriteTurns"/>) for its next
    /// tries: the writers of this process that kept winning wait for it. Before, a batch across twelve relationships, each with
    /// a writer of its own, lost ten in a row in 28 % of its tries (docs/performance.md, round 35).
    /// </summary>
    public const int TakeTurnAfter = 3;

    private const int LongestPauseMs = 64;

    /// <summary>Before attempt <paramref name="attempt"/> + 1, after attempt <paramref name="attempt"/> lost its race.</summary>
    public static Task PauseAsync(int attempt, CancellationToken ct) =>
        Task.Delay(Random.Shared.Next(Math.Min(LongestPauseMs, 1 << Math.Min(attempt, 6)) + 1), ct);

    /// <summary>
    /// The last attempt lost too: the relationship is being written faster than this writer can decide. Nothing of it was
    /// recorded (an append that loses its race writes nothing), and the same command again — the same id — is recorded once.
    /// </summary>
    public static StoreUnavailableException GaveUp(WrongExpectedRevisionException last) =>
        new($"Other writers appended to {last.Stream} between this writer's read and its append {MaxAttempts} times in a row " +
            $"(last: {last.Message}): nothing was recorded. Send it again; the same command id is recorded once.", last);
}
