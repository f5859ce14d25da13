using Microsoft.Extensions.Configuration;
using RelationsLedger.Application.Text;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Settings under <c>Api</c> that are none of the ledger's, each named with where it was given and the setting it is close to.
/// The binder ignores a key it has no property for, so a typo (<c>Api:MaxStreamPerKey</c> for <c>Api:MaxStreamsPerKey</c>)
/// started the server with the default the user meant to change, and said nothing. Keys are compared as .NET configuration
/// compares them, ignoring case (<c>api:maxstreams</c> is <c>Api:MaxStreams</c>).
/// </summary>
internal static class UnknownSettings
{
    private static readonly string[] Settings = typeof(ApiOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToArray();
    private static readonly string[] KeySettings = typeof(Security.ApiKeyEntry).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToArray();

    public static IEnumerable<string> Of(IConfigurationRoot configuration)
    {
        var api = configuration.GetSection(ApiOptions.Section);
        foreach (var unknown in Unknown(api, Settings)) yield return Problem(configuration, unknown, Settings);
        foreach (var key in api.GetSection(nameof(ApiOptions.Keys)).GetChildren())
            foreach (var unknown in Unknown(key, KeySettings)) yield return Problem(configuration, unknown, KeySettings);
    }

    private static IEnumerable<IConfigurationSection> Unknown(IConfigurationSection section, string[] known) =>
        section.GetChildren().Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase));

    private static string Problem(IConfigurationRoot configuration, IConfigurationSection unknown, string[] known)
    {
        var near = known.Where(k => WordDistance.IsNear(k, unknown.Key)).ToList();
        var parent = unknown.Path[..^unknown.Key.Length];
        var hint = near.Count > 0 ? $"did you mean {string.Join(" or ", near.Select(n => parent + n))}?" : $"the settings there are {string.Join(", ", known)} (docs/api.md, Configuration).";
        return $"{unknown.Path} (in {SettingSource.Of(configuration, unknown)}) is not a setting of the ledger; {hint}";
    }
}
