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
    /// <param name="stop">
    /// The command's stop (Ctrl+C, SIGTERM): a write to a pipe that waits then (its reader reads nothing) is given up, saying that
    /// what was written is incomplete (<see cref="UnwritableGuard"/>). Elsewhere (a terminal, a file) writes are made as before.
    /// </param>
    public static TextWriter ForStandardOutput(CancellationToken stop)
    {
        var guarded = IsPipe
            ? new UnwritableGuard(new ClosedPipeIgnored(), e => new OutputUnwritableException(e), ownsInner: true, mayWaitForever: true,
                givenUp: OutputCancelledException.StandardOutputIncomplete, stop: stop)
            : new UnwritableGuard(Console.OpenStandardOutput(), e => new OutputUnwritableException(e), ownsInner: true);
        return TextWriter.Synchronized(new StreamWriter(guarded, new System.Text.UTF8Encoding(false)) { AutoFlush = true });
    }

    private static bool IsPipe => FileStatus.IsPipe("/proc/self/fd/1");

    /// <summary>Standard output's file descriptor as an unbuffered stream (not the console's: see <see cref="ClosedPipeIgnored"/>), left open.</summary>
    internal static FileStream StandardOutputPipe() => new(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    /// <summary>
    /// Standard output as bytes, for output that is worth something only whole (an export): a pipe whose reader goes away
    /// before the end is an error here too. The console's own stream would carry on as if the bytes had been read. Before round
    /// 45, SIGTERM or Ctrl+C to an export whose reader had stopped reading (a stalled consumer) did nothing: the write waited.
    /// </summary>
    public static Stream OpenWhole()
    {
        if (!IsPipe) return new UnwritableGuard(Console.OpenStandardOutput(), e => new OutputUnwritableException(e), ownsInner: true);
        var pipe = StandardOutputPipe();
        // A write to a pipe whose reader reads nothing waits in write(2), which no signal ends: given up at the command's
        // cancellation (as a FIFO named by -o is), so Ctrl+C or SIGTERM ends 'ledger export | stalled-consumer' with its word.
        return new UnwritableGuard(pipe, e => FailedWrite.IsClosed(e) ? new OutputUnwritableException(e) : new OutputUnwritableException(
            $"Cannot write to standard output: {IoReason.Of(e)} (its reader closed the pipe before the end). What was written there is incomplete.", e), ownsInner: true,
            mayWaitForever: true);
    }

    /// <summary>
    /// Standard error, where the ledger says what went wrong: a write that fails there (closed with <c>2&gt;&amp;-</c>, a full
    /// disk) has nowhere else to be said, so it is dropped, and the command ends with its own exit code. Before round 53 such a
    /// failure was taken for a bug, whose report failed the same way, and the runtime aborted the process (exit code 134):
    /// <c>ledger state DE FR --as-of 2019-13-01 2&gt;&amp;-</c> crashed rather than exiting 2.
    /// </summary>
    public static TextWriter ForStandardError() =>
        TextWriter.Synchronized(new StreamWriter(new FailuresDropped(Console.OpenStandardError()), new System.Text.UTF8Encoding(false)) { AutoFlush = true });
}

/// <summary>
/// Standard output's pipe for answers, written from a pool thread (<see cref="UnwritableGuard"/>'s stop): a reader gone (<c>| head</c>)
/// ends the writing quietly, as .NET's console stream does. That stream itself cannot be written there: its write takes the lock
/// of <see cref="Console.Out"/>, which the synchronized writer above it holds on the thread that waits for the write — a
/// deadlock (round 46's first try: <c>history --json</c> into a pipe never wrote a byte).
/// </summary>
internal sealed class ClosedPipeIgnored : WriteOnlyStream
{
    private const int BrokenPipe = 32; // EPIPE: .NET's IOException carries the errno as its HResult
    private readonly FileStream _pipe = GuardedOutput.StandardOutputPipe();
    private bool _readerGone;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_readerGone) return;
        try { _pipe.Write(buffer); }
        catch (IOException e) when (e.HResult == BrokenPipe) { _readerGone = true; }
    }

    public override void Flush() { }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _pipe.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The output could not be written (a full disk): standard output's is incomplete; a file's, as its message says.</summary>
public sealed class OutputUnwritableException : Exception
{
    public OutputUnwritableException(IOException inner) : base($"Cannot write the output: {(FailedWrite.IsClosed(inner)
        ? "standard output is not open for writing (closed, as >&- leaves it)" : inner.Message.TrimEnd('.'))}. What was written there is incomplete.", inner) { }

    public OutputUnwritableException(string message, IOException inner) : base(message, inner) { }
}

/// <summary>
/// How a failed write of a standard stream arrives. A stream closed by the shell (<c>&gt;&amp;-</c>) is not left closed: the .NET
/// runtime opens a pipe of its own at start, which takes the lowest free descriptor, 1 or 2, for its reading end; a write there
/// fails with EBADF, which .NET raises as <see cref="UnauthorizedAccessException"/> around the <see cref="IOException"/> (before
/// round 53, "unexpected error: UnauthorizedAccessException … This is a bug", exit code 1, after <c>record</c> had recorded).
/// </summary>
internal static class FailedWrite
{
    private const int BadDescriptor = 9; // EBADF: .NET's IOException carries the errno as its HResult

    /// <summary>The I/O error a write failed with, or null when it failed otherwise (then it is not the output's).</summary>
    public static IOException? Of(Exception e) => e switch
    {
        IOException io => io,
        UnauthorizedAccessException { InnerException: IOException io } when io.HResult == BadDescriptor => io,
        _ => null,
    };

    /// <summary>Whether the stream was not open for writing: closed by the shell, its descriptor since taken by the runtime's pipe.</summary>
    public static bool IsClosed(IOException e) => e.HResult == BadDescriptor;
}

/// <summary>A stream whose failed writes are dropped: standard error, where a failure has nowhere else to be told (<see cref="GuardedOutput.ForStandardError"/>).</summary>
internal sealed class FailuresDropped(Stream inner) : WriteOnlyStream
{
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try { inner.Write(buffer); }
        catch (Exception e) when (FailedWrite.Of(e) is not null) { }
    }

    public override void Flush()
    {
        try { inner.Flush(); }
        catch (Exception e) when (FailedWrite.Of(e) is not null) { }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
