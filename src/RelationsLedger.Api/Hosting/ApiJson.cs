using System.Text.Json;
using RelationsLedger.Application.Serialization;

namespace RelationsLedger.Api.Hosting;

/// <summary>
/// Responses use the conventions of the event contract (camelCase, kebab-case enumeration values,
/// partial dates as strings), so an answer reads exactly like the CLI's <c>--json</c> output.
/// </summary>
public static class ApiJson
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = LedgerJson.Contract.Encoder;
        options.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
        foreach (var converter in LedgerJson.Contract.Converters) options.Converters.Add(converter);
        // Events serialize with their contract's fields only, as in the store.
        options.TypeInfoResolverChain.Insert(0, LedgerJson.Contract.TypeInfoResolver!);
    }

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.MakeReadOnly();
        return options;
    }
}
