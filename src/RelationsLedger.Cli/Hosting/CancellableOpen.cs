namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Opens a file the command names, ending with the command's cancellation (Ctrl+C, SIGTERM) while the open waits. open(2) of a
/// FIFO waits for its other end — a reader opened before <c>-o FIFO</c> is written, a writer before <c>import FIFO</c> is read —
/// and no signal ends that wait: opened on the command's own thread, the first Ctrl+C cancelled a token nobody could look at,
/// and only the second ended the process, saying nothing. The open runs on a pool thread (a background thread: it keeps
/// neither the process nor a test host from ending) and the command waits for it or for its token; a stream opened after the
/// command stopped waiting is closed by the thread that opened it. Used by <see cref="InputFile"/> and <see cref="OutputFile"/>.
/// </summary>
internal static class CancellableOpen
{
    public static async Task<T> RunAsync<T>(Func<T> open, CancellationToken ct) where T : IAsyncDisposable
    {
        ct.ThrowIfCancellationRequested();
        var opening = Task.Run(open, CancellationToken.None);
        try
        {
            return await opening.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (!opening.IsCompleted)
        {
            _ = opening.ContinueWith(static t => { if (t.IsCompletedSuccessfully) _ = t.Result.DisposeAsync().AsTask(); else _ = t.Exception; }, TaskScheduler.Default);
            throw;
        }
    }
}
