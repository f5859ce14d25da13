using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Storage;

/// <summary>
/// A recorded time later than this machine's clock by more than <see cref="RecordedTimes.AheadOfClock"/>, where it stops
/// something: the embedded store refusing to record after the log's last event (a command, <c>ledger serve</c>'s answer to
/// it) and an import refusing a line. One wording for all, so an operator reads the same words wherever the clock is behind:
/// which event, when it was recorded, how far behind the clock is, and what to do.
/// </summary>
/// <param name="Event">The event, as the words name it: "the last event of the ledger (position 14)", "this line's event".</param>
/// <param name="RecordedAt">Its recorded time.</param>
/// <param name="Clock">This machine's clock when it was read.</param>
public sealed record ClockBehindLog(string Event, DateTimeOffset RecordedAt, DateTimeOffset Clock)
{
    /// <summary>How far the clock is behind the recorded time.</summary>
    public TimeSpan Behind => RecordedAt - Clock;

    /// <summary>
    /// The words. <paramref name="clockOf"/> names the machine ("this machine", "the server"); <paramref name="recording"/>:
    /// the refusal stops a recording (the store stamps each event no earlier than the one before it), else an import's line;
    /// <paramref name="again"/>: what to do once the clock is right ("record again", "import again"). Written without
    /// apostrophes while EchoedText.Bounded took any two for a quoted value and cut the text between them (before round 51).
    /// </summary>
    public string Text(string clockOf, bool recording, string again, string changedIn)
    {
        var at = Moments.Text(RecordedAt);
        return $"{Event} is recorded at {at}, and the clock of {clockOf} is {Durations.Text(Behind)} behind it ({Moments.Text(Clock)}): " +
            $"more than the {RecordedTimes.AheadOfClock.TotalMinutes:0} minutes the clocks of one ledger are taken to disagree. " +
            (recording
                ? $"The ledger stamps each event no earlier than the one before it, so an event recorded now would read as recorded at {at}, " +
                  "unknown to every question as known at a moment before then. Nothing was recorded. "
                : "") +
            $"Either the clock of {clockOf} is behind (set it right, then {again}) or that recorded time was changed in {changedIn} " +
            $"(ledger verify{(recording ? "" : " --file")} names it).";
    }
}
