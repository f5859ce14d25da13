using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Cli.Audit;

/// <summary>
/// The export a command reads (<c>ledger import FILE</c>, <c>ledger verify --file FILE</c>), named as the user gave it in
/// every problem: a directory is said to be one, and a read that fails midway (an I/O error, a file system gone) is the
/// input's problem, exit code 2 with nothing recorded, not a bug.
/// </summary>
internal static class InputFile
{
    /// <param name="name">How the command names the file: <c>file 'x'</c>, <c>--file 'x'</c>.</param>
    public static Stream Open(string path, string name)
    {
        if (Directory.Exists(path)) throw new CliInputException($"{name} is a directory; name an export file.");
        try
        {
            return new ReadGuard(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), name);
        }
        catch (FileNotFoundException)
        {
            throw new CliInputException($"{name} does not exist.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"{name}: {e.Message}");
        }
    }

    private sealed class ReadGuard(FileStream inner, string name) : Stream
    {
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
            try { return await inner.ReadAsync(buffer, ct); }
            catch (IOException e) { throw Unreadable(e); }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private CliInputException Unreadable(IOException e) =>
            new($"{name} cannot be read: {IoReason.Of(e)}.");

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
