namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A stream whose every write error is the output's: an <see cref="IOException"/> from the stream under it (a full disk, a
/// closed pipe) becomes the <see cref="OutputUnwritableException"/> its owner words (exit code 9), never "a bug". Standard
/// output (<see cref="GuardedOutput"/>) and a command's <c>-o FILE</c> (<see cref="OutputFile"/>) write through it.
/// </summary>
/// <param name="ownsInner">Whether disposing this disposes the stream under it (an output file's owner disposes its own).</param>
internal sealed class UnwritableGuard(Stream inner, Func<IOException, OutputUnwritableException> unwritable, bool ownsInner) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try { inner.Write(buffer); }
        catch (IOException e) { throw unwritable(e); }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try { await inner.WriteAsync(buffer, cancellationToken); }
        catch (IOException e) { throw unwritable(e); }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        try { inner.Flush(); }
        catch (IOException e) { throw unwritable(e); }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try { await inner.FlushAsync(cancellationToken); }
        catch (IOException e) { throw unwritable(e); }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsInner) inner.Dispose();
        base.Dispose(disposing);
    }
}
