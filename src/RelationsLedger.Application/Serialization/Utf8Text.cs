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
    public static string NotUtf8(ReadOnlySpan<byte> bytes, string why = "a file cut inside a character, or written in another encoding")
    {
        var hex = new StringBuilder();
        foreach (var b in bytes) hex.Append(hex.Length == 0 ? "" : " ").Append(b.ToString("X2", CultureInfo.InvariantCulture));
        return $"is not UTF-8: the bytes {hex} do not decode as text ({why})";
    }

    /// <summary>What is wrong with <paramref name="text"/>'s first bytes that do not decode (<see cref="NotUtf8(ReadOnlySpan{byte}, string)"/>); null when all of it is UTF-8.</summary>
    public static string? ProblemOf(ReadOnlySpan<byte> text, string why) => Utf8.IsValid(text) ? null : NotUtf8(FirstInvalid(text), why);

    /// <summary>As <see cref="NotUtf8(ReadOnlySpan{byte})"/>, for what a strict decoder threw.</summary>
    public static string NotUtf8(DecoderFallbackException e) => NotUtf8(e.BytesUnknown ?? []);

    /// <summary>
    /// The line (from 1, as the file's <c>\n</c> count them) of the first bytes of <paramref name="file"/> that do not decode,
    /// and what is wrong with them (<see cref="NotUtf8(ReadOnlySpan{byte})"/>); null when all of it is UTF-8.
    /// </summary>
    public static (int Line, string Problem)? FirstProblem(ReadOnlySpan<byte> file) =>
        Problems(file, most: 1) is [var first] ? first : null;

    /// <summary>
    /// Each line of <paramref name="file"/> that holds bytes that do not decode, with its first such bytes, up to
    /// <paramref name="most"/> lines: a file in another encoding is wrong on many lines, and each is named (the first alone
    /// said where to look, not how much of the file to fix).
    /// </summary>
    public static IReadOnlyList<(int Line, string Problem)> Problems(ReadOnlySpan<byte> file, int most)
    {
        if (Utf8.IsValid(file)) return [];
        var problems = new List<(int, string)>();
        var line = 0;
        var rest = file;
        while (problems.Count < most)
        {
            line++;
            var end = rest.IndexOf((byte)'\n');
            var current = end < 0 ? rest : rest[..end];
            if (!Utf8.IsValid(current)) problems.Add((line, NotUtf8(FirstInvalid(current))));
            if (end < 0) break;
            rest = rest[(end + 1)..];
        }
        return problems;
    }

    private static ReadOnlySpan<byte> FirstInvalid(ReadOnlySpan<byte> line)
    {
        for (var at = 0; ; )
        {
            if (Rune.DecodeFromUtf8(line[at..], out _, out var consumed) != OperationStatus.Done) return line.Slice(at, consumed);
            at += consumed;
        }
    }
}
