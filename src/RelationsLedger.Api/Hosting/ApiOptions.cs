using RelationsLedger.Api.Security;

namespace RelationsLedger.Api.Hosting;

/// <summary>The configuration section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The API keys that may call the API, stored as SHA-256 hashes (<c>ledger api-key new</c> makes one).</summary>
    public List<ApiKeyEntry> Keys { get; init; } = [];

    /// <summary>How often an idle event stream sends a comment line, so proxies and clients know it is alive.</summary>
    public double HeartbeatSeconds { get; set; } = 15;

    /// <summary>The largest request body accepted; larger ones are refused with 413 before they are read.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The most events one page of <c>GET /events</c> returns.</summary>
    public int MaxPageSize { get; set; } = 1000;

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);

    /// <summary>Every configuration mistake, so the server refuses to start with all of them named.</summary>
    public IEnumerable<string> Problems()
    {
        if (HeartbeatSeconds is <= 0 or > 3600) yield return $"Api:HeartbeatSeconds must be between 0 and 3600 (it is {HeartbeatSeconds}).";
        if (MaxRequestBodyBytes <= 0) yield return $"Api:MaxRequestBodyBytes must be positive (it is {MaxRequestBodyBytes}).";
        if (MaxPageSize <= 0) yield return $"Api:MaxPageSize must be positive (it is {MaxPageSize}).";
        for (var i = 0; i < Keys.Count; i++)
            foreach (var problem in Keys[i].Problems()) yield return $"Api:Keys:{i}: {problem}";
    }
}
