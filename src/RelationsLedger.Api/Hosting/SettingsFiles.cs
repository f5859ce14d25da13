using Microsoft.Extensions.Hosting;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// The settings files the server reads (appsettings.json and appsettings.{Environment}.json in its folder) that are folders:
/// .NET takes a folder for a missing optional file, and the server started without the keys and limits the user meant it to
/// have, saying nothing.
/// </summary>
internal static class SettingsFiles
{
    public static IEnumerable<string> Problems(IHostEnvironment environment)
    {
        foreach (var name in (string[])["appsettings.json", $"appsettings.{environment.EnvironmentName}.json"])
        {
            var path = Path.Combine(environment.ContentRootPath, name);
            if (Directory.Exists(path))
                yield return $"{path} is a folder, not a settings file: the API keys and limits are read from a JSON file of that name (docs/api.md, Configuration). Remove or rename the folder.";
        }
    }
}
