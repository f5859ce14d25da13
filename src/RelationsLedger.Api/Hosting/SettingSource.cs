using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace RelationsLedger.Api.Hosting;

/// <summary>Where a setting was given, for a message that names it: a file's path, an environment variable, the command line.</summary>
internal static class SettingSource
{
    /// <summary>The last source that has <paramref name="setting"/> (or a key under it), as the last one wins.</summary>
    public static string Of(IConfigurationRoot configuration, IConfigurationSection setting)
    {
        var leaf = setting.Value is not null ? setting.Path : setting.AsEnumerable().FirstOrDefault(kv => kv.Value is not null).Key ?? setting.Path;
        return configuration.Providers.LastOrDefault(p => p.TryGet(leaf, out _)) switch
        {
            FileConfigurationProvider file => file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath ?? file.Source.Path ?? "a settings file",
            EnvironmentVariablesConfigurationProvider => $"the environment variable {leaf.Replace(":", "__", StringComparison.Ordinal)}",
            CommandLineConfigurationProvider => "the command line",
            _ => "the configuration",
        };
    }
}
