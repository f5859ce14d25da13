using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// A response's body that gives up on a client that stopped reading: when a write of it (a flush, which waits while the
/// connection's buffers are full) has not completed after <paramref name="deadline"/>, <paramref name="stalled"/> is given the
/// bytes the response had written — it aborts the connection — and the write fails. Only waiting for the client is watched,
/// not the time the response takes to be made between writes. An answer's body (<see cref="AnswerSlots"/>,
/// <c>Api:StalledAnswerSeconds</c>) and an event stream's (<c>Api:StalledStreamSeconds</c>) are watched by it.
/// </summary>
/// <remarks>
/// Kestrel's own writer stays under it and only its flushes are watched, so the bytes go to Kestrel's buffers as before,
/// without a copy; the body's stream is this writer's. A timer runs only while a flush waits: one that completes at once
/// (most of them) costs a check.
/// </remarks>
internal sealed class WatchedResponseBody(IHttpResponseBodyFeature inner, TimeSpan deadline, Action<long> stalled) : PipeWriter, IHttpResponseBodyFeature
{
    private readonly PipeWriter _writer = inner.Writer;
    private Stream? _stream;
    private long _written;

    public Stream Stream => _stream ??= AsStream(leaveOpen: true);

    public PipeWriter Writer => this;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        inner.SendFileAsync(path, offset, count, cancellationToken);

    Task IHttpResponseBodyFeature.CompleteAsync() => inner.CompleteAsync();

    public override void Advance(int bytes)
    {
        _written += bytes;
        _writer.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _writer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _writer.GetSpan(sizeHint);

    public override bool CanGetUnflushedBytes => _writer.CanGetUnflushedBytes;

    public override long UnflushedBytes => _writer.UnflushedBytes;

    public override void CancelPendingFlush() => _writer.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _writer.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _writer.CompleteAsync(exception);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => Watched(_writer.FlushAsync(cancellationToken));

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        _written += source.Length;
        return Watched(_writer.WriteAsync(source, cancellationToken));
    }

    private ValueTask<FlushResult> Watched(ValueTask<FlushResult> flush) => flush.IsCompleted ? flush : new(WaitAsync(flush.AsTask()));

    private async Task<FlushResult> WaitAsync(Task<FlushResult> flush)
    {
        try
        {
            return await flush.WaitAsync(deadline);
        }
        catch (TimeoutException) when (!flush.IsCompleted)
        {
            stalled(_written);
            // The abort ends the flush; it is waited for so that nothing of this answer is left running.
            await ((Task)flush).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw new ConnectionAbortedException($"The response's writing made no progress for {deadline.TotalSeconds} s: its client stopped reading.");
        }
    }
}
