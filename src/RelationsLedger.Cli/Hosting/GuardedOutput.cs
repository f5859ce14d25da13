using RelationsLedger.Application.Storage;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Standard output that says when it cannot be written. A redirect to a full disk failed deep in a write with a bare
/// <see cref="IOException"/> ("No space left on device"), which <see cref="Errors.Guard"/> could only call a bug; the
/// ledger's own work raises no I/O error on this stream, so every one from it is the output's:
/// <see cref="OutputUnwritableException"/>, exit code 9. (A closed pipe, <c>| head</c>, is not one for answers: .NET ignores
/// it, and an answer cut where its reader stopped is what the reader asked for. It is one for <see cref="OpenWhole"/>.)
/// </summary>
public static class GuardedOutput
{
    public static TextWriter ForStandardOutput() =>
        TextWriter.Synchronized(new StreamWriter(new UnwritableGuard(Console.OpenStandardOutput(), e => new OutputUnwritableException(e), ownsInner: true), new System.Text.UTF8Encoding(false)) { AutoFlush = true });

    /// <summary>
    /// Standard output as bytes, for output that is worth something only whole (an export): a pipe whose reader goes away
    /// before the end is an error here too. The console's own stream would carry on as if the bytes had been read. Before round
    /// 45, SIGTERM or Ctrl+C to an export whose reader had stopped reading (a stalled consumer) did nothing: the write waited.
    /// </summary>
    public static Stream OpenWhole()
    {
        if (!FileStatus.IsPipe("/proc/self/fd/1")) return new UnwritableGuard(Console.OpenStandardOutput(), e => new OutputUnwritableException(e), ownsInner: true);
        var pipe = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        // A write to a pipe whose reader reads nothing waits in write(2), which no signal ends: given up at the command's
        // cancellation (as a FIFO named by -o is), so Ctrl+C or SIGTERM ends 'ledger export | stalled-consumer' with its word.
        return new UnwritableGuard(pipe, e => new OutputUnwritableException(
            $"Cannot write to standard output: {IoReason.Of(e)} (its reader closed the pipe before the end). What was written there is incomplete.", e), ownsInner: true,
            mayWaitForever: true);
    }
}

/// <summary>The output could not be written (a full disk): standard output's is incomplete; a file's, as its message says.</summary>
public sealed class OutputUnwritableException : Exception
{
    public OutputUnwritableException(IOException inner) : base($"Cannot write the output: {inner.Message.TrimEnd('.')}. What was written there is incomplete.", inner) { }

    public OutputUnwritableException(string message, IOException inner) : base(message, inner) { }
}
