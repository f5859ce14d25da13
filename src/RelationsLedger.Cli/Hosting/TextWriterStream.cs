using System.Text;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// UTF-8 bytes written to a text writer (which encodes them again as it was made to); a character cut between two writes is
/// kept for the next. How byte-oriented output (JSON as it is serialised, a panel, an export) reaches a captured output.
/// </summary>
public sealed class TextWriterStream(TextWriter output) : WriteOnlyStream
{
    private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
    private char[] _chars = [];

    public override void Write(ReadOnlySpan<byte> buffer) => output.Write(Decode(buffer).Span);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        await output.WriteAsync(Decode(buffer.Span), cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private ReadOnlyMemory<char> Decode(ReadOnlySpan<byte> bytes)
    {
        var needed = _decoder.GetCharCount(bytes, flush: false);
        if (_chars.Length < needed) _chars = new char[Math.Max(needed, 2 * _chars.Length)];
        var written = _decoder.GetChars(bytes, _chars, flush: false);
        return _chars.AsMemory(0, written);
    }

    public override void Flush() => output.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);
}
