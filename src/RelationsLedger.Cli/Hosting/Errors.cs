namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Turns every failure into one plain message and an exit code (<see cref="ExitCodes"/>; the words in
/// <see cref="Failure"/>): a person never sees a stack trace. An unexpected exception is a bug: it is named in one
/// line, with its details only when <c>RELATIONSLEDGER_DEBUG</c> is set.
/// </summary>
public static class Errors
{
    public const string DebugVariable = "RELATIONSLEDGER_DEBUG";

    /// <param name="writes">Whether the command records anything (its messages then say that nothing was recorded).</param>
    public static async Task<int> Guard(CliOutput io, Func<Task<int>> action, bool writes = false)
    {
        try
        {
            return await action();
        }
        catch (Exception) when (OpenFileLimit.Reached() is { } why) // before Failure.Of, whose types may be past the limit to load
        {
            await OpenFileLimit.SayAsync(io, why);
            return ExitCodes.Internal;
        }
        catch (Exception e)
        {
            var failure = Failure.Of(e, writes, io.CommandLine);
            await failure.WriteAsync(io);
            return failure.ExitCode;
        }
    }
}
