using System.Text.Json;
using System.Text.RegularExpressions;

namespace RelationsLedger.Application.Serialization;

/// <summary>
/// Why a line of NDJSON (an export, a batch) is not JSON, in the reader's words rather than .NET's. .NET ends its reason with
/// its position ("LineNumber: 0 | BytePositionInLine: 300." — for one line always line 0, and counted from 0) and sometimes
/// with advice to the programmer ("… is not supported in this mode. Change the reader options."), which a user cannot act on.
/// </summary>
public static partial class JsonLineProblem
{
    /// <summary>The line's length without the trailing spaces a reader stopping past its JSON would run into.</summary>
    public static int LengthOf(ReadOnlySpan<byte> line) => line.TrimEnd(" \t\r"u8).Length;

    /// <summary>Whether the reader ran out of line: the JSON was cut short (a partial copy), or spread over several lines.</summary>
    public static bool EndsEarly(JsonException e, int lineLength) => e.BytePositionInLine >= lineLength;

    /// <summary>.NET's reason alone: without its position and without advice about the reader's options.</summary>
    public static string Reason(JsonException e) =>
        Position().Replace(e.Message, "").Replace(" in this mode. Change the reader options.", ".", StringComparison.Ordinal)
            .Replace(" Change the reader options.", "", StringComparison.Ordinal).Trim();

    /// <summary>The position .NET appends to a JSON reader's message.</summary>
    [GeneratedRegex(@"\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex Position();
}
