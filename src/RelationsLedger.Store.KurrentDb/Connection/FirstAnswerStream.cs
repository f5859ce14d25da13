namespace RelationsLedger.Store.KurrentDb.Connection;

/// <summary>
/// A new connection's stream that fails its first read when the server sends nothing for <see cref="Limit"/>: a port that
/// accepts the connection and never answers (no KurrentDB node there: a silent listener, a half-open tunnel) is told apart
/// from a slow node at once, instead of being asked again until <c>defaultDeadline</c>. A KurrentDB node sends its HTTP/2
/// settings as soon as the connection is open (first answer measured at 1–73 ms on loopback under load 7, round 38).
/// Only the connections opened before the node ever answered are guarded: a node that answered once is slow, not absent.
/// </summary>
internal sealed class FirstAnswerStream(Stream inner, Action answered) : Stream
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    private bool _answered;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_answered) return await inner.ReadAsync(buffer, cancellationToken);
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(Limit);
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, silence.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Raised as the HTTP/2 protocol error a server that is not gRPC gives, so it is reported and not asked again as one.
            throw new HttpProtocolException(0x1, $"the server accepted the connection but sent nothing for {Limit.TotalSeconds:0} s, where a KurrentDB node answers at once", null);
        }
        if (read > 0)
        {
            _answered = true;
            answered();
        }
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override void Flush() => inner.Flush();
    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
