using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// The files the ledger reads (an export, a batch, a CSV dataset) are UTF-8. Bytes that are not are named in the file's
/// terms, in the same words by every reader: which bytes, and the two usual reasons. .NET's own words name an "index -1"
/// and a "code page", and a JSON reader that meets them says a field is "not valid Unicode", as if of an escape.
/// </summary>
public static class Utf8Text
{
    /// <summary>Strict UTF-8: bytes that are not UTF-8 throw; a leading byte-order mark is skipped by a reader (editors on Windows write one).</summary>
    public static UTF8Encoding Strict { get; } = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>What is wrong with a piece of a file holding <paramref name="bytes"/>, which do not decode: "is not UTF-8: …".</summary>
    public static string NotUtf8(ReadOnlySpan<byte> bytes)
    {
        var hex = new StringBuilder();
        foreach (var b in bytes) hex.Append(hex.Length == 0 ? "" : " ").Append(b.ToString("X2", CultureInfo.InvariantCulture));
        return $"is not UTF-8: the bytes {hex} do not decode as text (a file cut inside a character, or written in another encoding)";
    }

    /// <summary>As <see cref="NotUtf8(ReadOnlySpan{byte})"/>, for what a strict decoder threw.</summary>
    public static string NotUtf8(DecoderFallbackException e) => NotUtf8(e.BytesUnknown ?? []);

    /// <summary>
    /// The line (from 1, as the file's <c>\n</c> count them) of the first bytes of <paramref name="file"/> that do not decode,
    /// and what is wrong with them (<see cref="NotUtf8(ReadOnlySpan{byte})"/>); null when all of it is UTF-8.
    /// </summary>
    public static (int Line, string Problem)? FirstProblem(ReadOnlySpan<byte> file)
    {
        if (Utf8.IsValid(file)) return null;
        for (var at = 0; at < file.Length;)
        {
            if (Rune.DecodeFromUtf8(file[at..], out _, out var consumed) != OperationStatus.Done)
                return (file[..at].Count((byte)'\n') + 1, NotUtf8(file.Slice(at, consumed)));
            at += consumed;
        }
        return null;
    }
}
