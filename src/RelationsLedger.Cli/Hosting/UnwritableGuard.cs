namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A stream whose every write error is the output's: an <see cref="IOException"/> from the stream under it (a full disk, a
/// closed pipe) becomes the <see cref="OutputUnwritableException"/> its owner words (exit code 9), never "a bug". Standard
/// output (<see cref="GuardedOutput"/>) and a command's <c>-o FILE</c> (<see cref="OutputFile"/>) write through it.
/// </summary>
/// <param name="ownsInner">Whether disposing this disposes the stream under it (an output file's owner disposes its own).</param>
/// <param name="mayWaitForever">
/// Whether a write may wait for ever (a FIFO whose reader reads nothing): then an asynchronous write or flush that waits ends at
/// its token, with <see cref="OperationCanceledException"/>, leaving the write under it to wait on a pool thread. What is
/// written after that (a JSON writer's dispose flushes what it holds, without a token) is dropped: the stream under it is
/// still busy with the write that waits, and would make it wait too.
/// A FileStream's asynchronous write on Linux is a blocking write(2) on a pool thread,
/// which looks at its token only before it begins: before, Ctrl+C on <c>ledger export -o FIFO</c> whose reader had stopped
/// reading did nothing, and the second ended the process saying nothing.
/// </param>
/// <param name="stop">
/// For a stream that may wait for ever and is written synchronously too (standard output under <see cref="Console.Out"/>, which
/// tables, JSON answers and a panel's rows go through): the command's stop (Ctrl+C, SIGTERM), at which such a write is given
/// up, as an asynchronous one is at its token. Each synchronous write then waits for a pool thread that makes it: a write
/// that waits in write(2) cannot be ended on the thread that makes it. Before round 46, <c>ledger panel | consumer</c> (and
/// <c>history</c>, <c>audit</c>…) whose consumer had stopped reading ignored SIGTERM and Ctrl+C.
/// </param>
/// <param name="givenUp">What a write given up at the command's stop says (<see cref="OutputCancelledException"/>); null: "Cancelled.".</param>
internal sealed class UnwritableGuard(Stream inner, Func<IOException, OutputUnwritableException> unwritable, bool ownsInner, bool mayWaitForever = false,
    string? givenUp = null, CancellationToken stop = default) : WriteOnlyStream
{
    private bool _abandoned;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_abandoned) return;
        try
        {
            if (!mayWaitForever || !stop.CanBeCanceled) inner.Write(buffer);
            else
            {
                var bytes = buffer.ToArray(); // the span cannot go to another thread
                GivenUpAtAsync(Task.Run(() => inner.Write(bytes), CancellationToken.None), stop).AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (FailedWrite.Of(e) is { } io) { throw unwritable(io); }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_abandoned) return;
        try { await Within(inner.WriteAsync(buffer, cancellationToken), cancellationToken); }
        catch (Exception e) when (FailedWrite.Of(e) is { } io) { throw unwritable(io); }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        if (_abandoned) return;
        try { inner.Flush(); }
        catch (Exception e) when (FailedWrite.Of(e) is { } io) { throw unwritable(io); }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_abandoned) return;
        try { await Within(new ValueTask(inner.FlushAsync(cancellationToken)), cancellationToken); }
        catch (Exception e) when (FailedWrite.Of(e) is { } io) { throw unwritable(io); }
    }

    /// <summary>The write, or its token's cancellation if it may wait for ever and has not ended (most end at once: into a buffer).</summary>
    private ValueTask Within(ValueTask writing, CancellationToken ct) =>
        !mayWaitForever || writing.IsCompleted ? writing : GivenUpAtAsync(writing.AsTask(), ct);

    private async ValueTask GivenUpAtAsync(Task writing, CancellationToken ct)
    {
        try
        {
            await writing.WaitAsync(ct);
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested)
        {
            _abandoned = true;
            if (givenUp is null) throw;
            throw new OutputCancelledException(givenUp, e.CancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsInner) inner.Dispose();
        base.Dispose(disposing);
    }
}
