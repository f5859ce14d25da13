namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A command's input (<see cref="InputFile"/>): a read that fails midway is the input's problem, named as the user named the
/// file; and a read that waits for data — a FIFO or a pipe whose writer keeps it open and writes nothing, a terminal — ends
/// with the command's cancellation. Such a read (read(2) on a pool thread) is not woken by a signal nor by the token, so the
/// command stops waiting for it instead: the read goes on into a buffer of this stream's own (never the caller's, which may
/// be pooled and reused once the command has stopped), and the stream is closed when that read ends, not before.
/// </summary>
internal sealed class ReadGuard(Stream inner, string name, string field) : Stream
{
    private byte[] _own = [];
    private Task<int>? _abandoned; // the read the command stopped waiting for: the stream is then that read's to close

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try { return inner.Read(buffer, offset, count); }
        catch (IOException e) { throw Unreadable(e); }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_abandoned is not null, this);
        try
        {
            // A regular file's read waits for no one; anything else (no length to seek in) may wait for ever.
            if (inner.CanSeek) return await inner.ReadAsync(buffer, ct);
            if (_own.Length < buffer.Length) _own = new byte[buffer.Length];
            var own = _own;
            var reading = Task.Run(() => inner.ReadAsync(own.AsMemory(0, buffer.Length)).AsTask(), CancellationToken.None);
            int read;
            try
            {
                read = await reading.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (!reading.IsCompleted)
            {
                _abandoned = reading;
                throw;
            }
            own.AsSpan(0, read).CopyTo(buffer.Span);
            return read;
        }
        catch (IOException e) { throw Unreadable(e); }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private CliInputException Unreadable(IOException e) =>
        new($"{name} cannot be read: {IoReason.Of(e)}.", field);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_abandoned is null) inner.Dispose();
            else _ = _abandoned.ContinueWith(read => { _ = read.Exception; inner.Dispose(); }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        base.Dispose(disposing);
    }
}
