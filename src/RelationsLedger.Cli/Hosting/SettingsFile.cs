using System.Text.Json;
using System.Text.RegularExpressions;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A settings file <c>ledger serve</c> reads (appsettings.json, its API keys and limits) that cannot be read is the user's
/// input: named with where and why, exit code 2. .NET says "Failed to load configuration from file '…'" and keeps the line
/// and the reason in the exceptions inside it.
/// </summary>
internal static partial class SettingsFile
{
    /// <summary>Whether <paramref name="e"/> is a settings file that could not be read (not JSON, a key given twice).</summary>
    public static bool IsUnreadable(InvalidDataException e) => e.InnerException is FormatException or JsonException;

    public static CliInputException Unreadable(InvalidDataException e)
    {
        var file = Quoted().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : "a settings file (appsettings.json)";
        var why = (e.InnerException?.InnerException ?? e.InnerException) switch
        {
            JsonException { LineNumber: { } line, BytePositionInLine: { } at } json => $"line {line + 1}, byte {at + 1}: {Position().Replace(json.Message, "").Trim()}",
            _ => e.InnerException?.Message ?? e.Message,
        };
        return new CliInputException($"{file} cannot be read: {why} It is read as JSON by 'ledger serve' (docs/api.md).");
    }

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();

    /// <summary>The position .NET appends to a JSON reader's message: said once, counted from 1, before the reason.</summary>
    [GeneratedRegex(@"\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex Position();
}
