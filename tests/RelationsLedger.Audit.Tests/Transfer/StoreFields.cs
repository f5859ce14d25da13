using System.Text.Json.Nodes;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>An answer as JSON without what belongs to the store that holds it (positions, stored times): the same record in two stores reads the same.</summary>
internal static class StoreFields
{
    public static string Without<T>(T value)
    {
        var node = JsonNode.Parse(Json.Write(value))!;
        foreach (var o in Objects(node)) { o.Remove("position"); o.Remove("storedAt"); }
        return node.ToJsonString();
    }

    /// <summary>An export line without what belongs to the store that holds it (position, stored time) and the import's note of the original time.</summary>
    public static string OfLine(string line)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        node.Remove("position");
        node.Remove("storedAt");
        node["metadata"]!.AsObject().Remove("originallyRecordedAt");
        return node.ToJsonString();
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.ToList().SelectMany(p => Objects(p.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}
