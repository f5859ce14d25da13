using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelationsLedger.Api.Hosting;

namespace RelationsLedger.Api.Security;

/// <summary>
/// Reads the API keys again while the server runs (<c>ledger serve</c> on SIGHUP), so that a leaked key is revoked, or a
/// key added, without a restart that would end every consumer's event stream and every request in flight. The
/// configuration is read anew from the sources the server started from and checked as at start; on any mistake the keys
/// in use stay, whole, and each mistake is logged; else the set is replaced at once (<see cref="ApiKeyRing.Replace"/>).
/// Only the keys change: the other settings (limits, intervals) are the ones the server started with.
/// </summary>
public sealed class ApiKeyReload(ApiKeyRing ring, IReadOnlyList<IConfigurationSource> sources, IHostEnvironment environment, ApiOptions started, ILogger<ApiKeyReload> log)
{
    private readonly Lock _one = new();

    /// <summary>Whether the keys were replaced. One reload at a time: a storm of signals applies them one after another.</summary>
    public bool Reload()
    {
        lock (_one)
        {
            var problems = new List<string>();
            var options = Read(problems);
            if (problems.Count == 0 && options.Keys.Count == 0 && ring.Count > 0)
                problems.Add($"{ApiOptions.Section}:Keys: the configuration now has no API keys, which would refuse every request; to revoke every key, stop the server.");
            if (problems.Count > 0)
            {
                foreach (var problem in problems) log.LogError("The API keys were not reloaded: {Problem}", problem);
                if (ring.Count == 1) log.LogWarning("The 1 API key in use stays, unchanged: mend the configuration and reload again.");
                else log.LogWarning("The {Count} API keys in use stay, unchanged: mend the configuration and reload again.", ring.Count);
                return false;
            }
            var changes = ring.Replace(options.Keys);
            log.LogInformation("The API keys were reloaded: {Changes}", changes);
            foreach (var setting in started.ChangedBesidesKeys(options))
                log.LogWarning("{Setting} changed in the configuration: a reload applies only the keys, a restart applies it.", setting);
            return true;
        }
    }

    /// <summary>The configuration as the sources say it now, checked as at start (no options, and the reason in <paramref name="problems"/>, when a file among them cannot be read).</summary>
    private ApiOptions Read(List<string> problems)
    {
        var builder = new ConfigurationBuilder();
        foreach (var source in sources) builder.Add(source);
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (InvalidDataException e) when (SettingsFileProblem.IsUnreadable(e))
        {
            problems.Add(SettingsFileProblem.Describe(e));
            return new ApiOptions();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"the configuration cannot be read: {e.Message}");
            return new ApiOptions();
        }
        try
        {
            return ApiOptions.Validated(configuration, environment, problems);
        }
        finally
        {
            (configuration as IDisposable)?.Dispose();
        }
    }
}
