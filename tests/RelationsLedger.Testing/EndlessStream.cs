namespace RelationsLedger.Testing;

/// <summary>
/// Input that never ends, as <c>/dev/zero</c> or a producer gone wrong behind a FIFO: one byte (no line break) or a run of
/// bytes (a line, say), forever — as far as a reader that stops in time can tell. A reader that does not stop is stopped by
/// bytes, not by a clock: past <see cref="GivesUpAfter"/> a read throws, saying so, so a test of a reader that reads on
/// fails at once on any machine instead of waiting for a time bound that a loaded machine might also reach.
/// </summary>
public sealed class EndlessStream(byte[] pattern) : Stream
{
    /// <summary>64 MiB: 32 times the longest line a reader of the ledger's files accepts (1 MiB) and the 1–2 MiB the tests allow.</summary>
    public const long GivesUpAfter = 64L << 20;

    public EndlessStream(byte fill = (byte)'a') : this([fill]) { }

    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (BytesRead >= GivesUpAfter)
            throw new InvalidOperationException($"{BytesRead:N0} bytes of endless input read and the reader has not stopped: it would read on for good.");
        for (var i = 0; i < buffer.Length; i++) buffer[i] = pattern[(int)((BytesRead + i) % pattern.Length)];
        BytesRead += buffer.Length;
        return buffer.Length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
