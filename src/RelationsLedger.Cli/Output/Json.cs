using System.Text;
using System.Text.Json;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Cli.Output;

/// <summary>Machine output (<c>--json</c>): the answers' JSON, as the API writes it, indented.</summary>
public static class Json
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, LedgerJson.AnswersIndented);

    /// <summary>
    /// Writes <paramref name="value"/> and a new line to <paramref name="output"/> as it is serialised, a few KB at a
    /// time: an answer of a million facts is ~240 MB of JSON, which as one string took three times that in memory.
    /// </summary>
    public static async Task WriteLineAsync<T>(TextWriter output, T value, CancellationToken ct = default)
    {
        await using (var stream = new TextWriterStream(output))
            await JsonSerializer.SerializeAsync(stream, value, LedgerJson.AnswersIndented, ct);
        await output.WriteLineAsync();
    }

    /// <summary>UTF-8 bytes written to a text writer (which encodes them again as it was made to); a character cut between two writes is kept for the next.</summary>
    private sealed class TextWriterStream(TextWriter output) : Stream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        private char[] _chars = [];

        public override void Write(ReadOnlySpan<byte> buffer) => output.Write(Decode(buffer).Span);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) =>
            await output.WriteAsync(Decode(buffer.Span), ct);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private ReadOnlyMemory<char> Decode(ReadOnlySpan<byte> bytes)
        {
            var needed = _decoder.GetCharCount(bytes, flush: false);
            if (_chars.Length < needed) _chars = new char[Math.Max(needed, 2 * _chars.Length)];
            var written = _decoder.GetChars(bytes, _chars, flush: false);
            return _chars.AsMemory(0, written);
        }

        public override void Flush() => output.Flush();
        public override Task FlushAsync(CancellationToken ct) => output.FlushAsync(ct);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
