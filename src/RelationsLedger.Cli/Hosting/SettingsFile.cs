using RelationsLedger.Api.Hosting;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// A settings file <c>ledger serve</c> reads (appsettings.json, its API keys and limits) that cannot be read is the user's
/// input: named with where and why (<see cref="SettingsFileProblem"/>), exit code 2.
/// </summary>
internal static class SettingsFile
{
    /// <summary>Whether <paramref name="e"/> is a settings file that could not be read (not JSON, a key given twice).</summary>
    public static bool IsUnreadable(InvalidDataException e) => SettingsFileProblem.IsUnreadable(e);

    public static CliInputException Unreadable(InvalidDataException e) =>
        new($"{SettingsFileProblem.Describe(e)} It is read as JSON by 'ledger serve' (docs/api.md).", "settings");
}
