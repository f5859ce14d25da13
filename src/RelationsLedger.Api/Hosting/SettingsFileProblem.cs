using System.Text.Json;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// A settings file (appsettings.json: the API keys and limits) that cannot be read, named with where and why: .NET says
/// "Failed to load configuration from file '…'" and keeps the line and the reason in the exceptions inside it. Said when
/// <c>ledger serve</c> starts and when a reload of the keys (SIGHUP) meets it.
/// </summary>
public static partial class SettingsFileProblem
{
    /// <summary>Whether <paramref name="e"/> is a settings file that could not be read (not JSON, a key given twice).</summary>
    public static bool IsUnreadable(InvalidDataException e) => e.InnerException is FormatException or JsonException;

    /// <summary>"FILE cannot be read: line L, byte B: why."</summary>
    public static string Describe(InvalidDataException e)
    {
        var file = Quoted().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : "a settings file (appsettings.json)";
        var why = (e.InnerException?.InnerException ?? e.InnerException) switch
        {
            JsonException { LineNumber: { } line, BytePositionInLine: { } at } json => $"line {line + 1}, byte {at + 1}: {JsonLineProblem.Reason(json)}",
            _ => e.InnerException?.Message ?? e.Message,
        };
        return $"{file} cannot be read: {why}";
    }

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();
}
