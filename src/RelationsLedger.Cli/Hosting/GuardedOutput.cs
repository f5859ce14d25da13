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
        TextWriter.Synchronized(new StreamWriter(new GuardedStream(Console.OpenStandardOutput(), e => new OutputUnwritableException(e)), new System.Text.UTF8Encoding(false)) { AutoFlush = true });

    /// <summary>
    /// Standard output as bytes, for output that is worth something only whole (an export): a pipe whose reader goes away
    /// before the end is an error here too. The console's own stream would carry on as if the bytes had been read.
    /// </summary>
    public static Stream OpenWhole()
    {
        if (!FileStatus.IsPipe("/proc/self/fd/1")) return new GuardedStream(Console.OpenStandardOutput(), e => new OutputUnwritableException(e));
        var pipe = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        return new GuardedStream(pipe, e => new OutputUnwritableException(
            $"Cannot write to standard output: {IoReason.Of(e)} (its reader closed the pipe before the end). What was written there is incomplete.", e));
    }

    private sealed class GuardedStream(Stream inner, Func<IOException, OutputUnwritableException> unwritable) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                inner.Write(buffer);
            }
            catch (IOException e)
            {
                throw unwritable(e);
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            try
            {
                await inner.WriteAsync(buffer, ct);
            }
            catch (IOException e)
            {
                throw unwritable(e);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override void Flush() => Guard(inner.Flush);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        private void Guard(Action write)
        {
            try
            {
                write();
            }
            catch (IOException e)
            {
                throw unwritable(e);
            }
        }
    }
}

/// <summary>The output could not be written (a full disk): standard output's is incomplete; a file's, as its message says.</summary>
public sealed class OutputUnwritableException : Exception
{
    public OutputUnwritableException(IOException inner) : base($"Cannot write the output: {inner.Message.TrimEnd('.')}. What was written there is incomplete.", inner) { }

    public OutputUnwritableException(string message, IOException inner) : base(message, inner) { }
}
