namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A command whose output is worth something only whole (an export to standard output) was cancelled after it began writing:
/// its message says what is left there, which cannot be taken back as an unfinished file can.
/// </summary>
public sealed class OutputCancelledException(string message, CancellationToken token) : OperationCanceledException(message, token)
{
    /// <summary>What every such message begins with: standard output cannot be taken back.</summary>
    public const string StandardOutputIncomplete = "Cancelled: what was written to standard output is incomplete.";

    /// <summary>
    /// Runs <paramref name="write"/>, which writes to standard output; cancelled by <paramref name="ct"/> (Ctrl+C, SIGTERM), it
    /// says that what it left there is incomplete, and <paramref name="why"/> (how a reader can tell, what to do instead). Only
    /// "Cancelled." was said before round 45 (export) and 46 (panel).
    /// </summary>
    public static async Task<T> SaidOfStandardOutputAsync<T>(Func<Task<T>> write, string why, CancellationToken ct)
    {
        try
        {
            return await write();
        }
        // A write to standard output given up at the stop says so itself, maybe before ct, a token linked to the stop, is
        // cancelled too (the stop's callbacks run one after the other, and the waiting write's wakes this thread first).
        catch (OperationCanceledException e) when (ct.IsCancellationRequested || e is OutputCancelledException)
        {
            throw new OutputCancelledException($"{StandardOutputIncomplete} {why}", e.CancellationToken);
        }
    }
}
