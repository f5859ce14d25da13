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
    /// What is wrong with a file that begins with the byte-order mark of UTF-16 or UTF-32 ("is UTF-16 …"), else null. Such a
    /// file (Notepad's "Unicode", Windows PowerShell 5's <c>&gt;</c> and <c>Out-File</c>) is wrong throughout, and is named so once:
    /// read as UTF-8 its lines were each named "not UTF-8" or "not valid JSON: '0x00'", or only the lines of letters beyond ASCII
    /// (a CSV of 1,000 rows named at lines 1 and 627), which said neither what the file is nor what to do.
    /// </summary>
    public static string? OtherEncoding(ReadOnlySpan<byte> start)
    {
        // UTF-32's little-endian mark begins with UTF-16's: it is asked first.
        var encoding = start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) ? ("UTF-32", "FF FE 00 00")
            : start.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]) ? ("UTF-32", "00 00 FE FF")
            : start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? ("UTF-16", "FF FE")
            : start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? ("UTF-16", "FE FF")
            : default((string Name, string Mark)?);
        return encoding is var (name, mark)
            ? $"is {name}, not UTF-8: it begins with {name}'s byte-order mark ({mark}), as Notepad's \"Unicode\" and Windows PowerShell 5's '>' write. " +
                $"Save it as UTF-8 (iconv -f {name} -t UTF-8; in PowerShell, Out-File -Encoding utf8)"
            : null;
    }

    /// <summary>
    /// What is wrong with a file that begins with <paramref name="start"/> as a whole, when it is told by its first bytes: text in
    /// another encoding (<see cref="OtherEncoding"/>) or a binary format (<see cref="FileSignatures"/>: a SQLite store, a compressed
    /// file); else null. Such a file is named once, at line 1, and not read further.
    /// </summary>
    public static string? NotText(ReadOnlySpan<byte> start) => OtherEncoding(start) ?? FileSignatures.ProblemOf(start);

    /// <summary>
    /// The line (from 1, as the file's <c>\n</c> count them) of the first bytes of <paramref name="file"/> that do not decode,
    /// and what is wrong with them (<see cref="NotUtf8(ReadOnlySpan{byte})"/>); null when all of it is UTF-8.
    /// </summary>
    public static (int Line, string Problem)? FirstProblem(ReadOnlySpan<byte> file) =>
        Problems(file, most: 1) is [var first] ? first : null;

    /// <summary>
    /// Each line of <paramref name="file"/> that holds bytes that do not decode, with its first such bytes, up to
    /// <paramref name="most"/> lines (a file of UTF-16 or UTF-32, or of a binary format, is named once, at line 1: <see cref="NotText"/>): a file in another encoding is wrong on many lines, and each is named (the first alone
    /// said where to look, not how much of the file to fix).
    /// </summary>
    public static IReadOnlyList<(int Line, string Problem)> Problems(ReadOnlySpan<byte> file, int most)
    {
        if (NotText(file) is { } whole) return [(1, whole)];
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
