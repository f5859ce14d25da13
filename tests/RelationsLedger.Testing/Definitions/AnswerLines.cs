using System.Globalization;
using System.Text.Json.Nodes;

namespace RelationsLedger.Testing.Definitions;

/// <summary>
/// The product's JSON answers (the CLI's <c>--json</c>, the HTTP API's bodies: one shape, docs/api.md "Queries") read into
/// the lines <see cref="DefinitionsOracle"/> writes, field by field, so that the two compare as text.
/// </summary>
public static class AnswerLines
{
    private static string Text(JsonNode? node) => node is null ? "" : node.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)node! : node.ToJsonString();

    private static string Ending(JsonNode? ending, string word) => ending is null ? "" : $" {word} {Text(ending["on"])} ({Text(ending["eventId"])})";

    private static string Designation(JsonNode item, string status, string certainty) =>
        $"designation {Text(item["actor"])}>{Text(item["counterpart"])} '{Text(item["list"])}' since {Text(item["since"])} ({Text(item["eventId"])}) {status} {certainty}"
        + Ending(item["suspended"], "suspended") + Ending(item["ended"], "removed");

    private static string Mission(JsonNode item, string status, string certainty) =>
        $"mission {Text(item["actor"])}>{Text(item["counterpart"])} {Text(item["level"])} since {Text(item["since"])} ({Text(item["eventId"])}) {status} {certainty}"
        + Ending(item["ended"], "closed");

    private static string Tenure(string kind, JsonNode item, string status, string certainty) =>
        $"{kind} {DefinitionsOracle.FieldsText(kind, n => Text(item[n]))} since {Text(item["since"])} ({Text(item["eventId"])}) {status} {certainty}"
        + (item["ended"] is { } e ? $" ended {Text(e["on"])} ({Text(e["eventId"])}) {Text(e["type"])}" : "");

    /// <summary>A mission as listed on its own: its status and certainty as the state gives them (the ending's date, else its since).</summary>
    private static string MissionAsOf(JsonNode item, DateOnly asOf)
    {
        var lastChange = DayRange.Parse(Text(item["ended"]?["on"] ?? item["since"]));
        return Mission(item, item["ended"] is null ? "in-force" : "ended", lastChange.CertaintyAsOf(asOf));
    }

    /// <summary>The state answer (<c>ledger state --json</c>, <c>GET /relationships/{a}/{b}/state</c>): every kind of item, the latest engagements and statements in their order.</summary>
    public static IReadOnlyList<string> State(string json)
    {
        var state = JsonNode.Parse(json)!;
        var lines = new List<string>();
        if (state["relations"] is { } r)
            lines.Add($"relations {Text(r["status"])} since {Text(r["since"])} ({Text(r["eventId"])}) {Text(r["certainty"])}");
        lines.AddRange(state["designations"]!.AsArray().Select(d => Designation(d!["item"]!, Text(d["status"]), Text(d["certainty"]))));
        lines.AddRange(state["missions"]!.AsArray().Select(m => Mission(m!["item"]!, Text(m["status"]), Text(m["certainty"]))));
        foreach (var (kind, list) in DefinitionsOracle.TenureKinds)
            lines.AddRange(state[list]!.AsArray().Select(t => Tenure(kind, t!["item"]!, Text(t["status"]), Text(t["certainty"]))));
        foreach (var (kind, list) in new[] { ("engagement", "engagements"), ("statement", "statements") })
            lines.AddRange(state[list]!.AsArray().Select((o, i) => DefinitionsOracle.OccurrenceLine(
                kind, i + 1, DefinitionsOracle.FieldsText(kind, n => Text(o![n])), Text(o!["on"]), Guid.Parse(Text(o["eventId"])), Text(o["certainty"]))));
        return DefinitionsOracle.Sorted(lines);
    }

    /// <summary>An answer of <c>designations-by</c> or <c>designations-of</c>.</summary>
    public static IReadOnlyList<string> Designations(string json) =>
        DefinitionsOracle.Sorted(Items(json).Select(i => $"{Text(i["relationship"])} {Designation(i["item"]!, Text(i["status"]), Text(i["certainty"]))}"));

    /// <summary>An answer of <c>missions-of</c>; a mission possibly lowered names the version it possibly changed to, as of the day asked.</summary>
    public static IReadOnlyList<string> Missions(string json)
    {
        var asOf = DateOnly.ParseExact(Text(JsonNode.Parse(json)!["asOf"]), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return DefinitionsOracle.Sorted(Items(json).Select(i =>
            $"{Text(i["relationship"])} {Mission(i["item"]!, Text(i["status"]), Text(i["certainty"]))}"
            + (i["possiblyChangedTo"] is { } to ? $" possibly changed to {MissionAsOf(to, asOf)}" : "")));
    }

    /// <summary>An answer of <c>changed</c>, in its order.</summary>
    public static IReadOnlyList<string> Changed(string json) =>
        JsonNode.Parse(json)!["relationships"]!.AsArray().SelectMany(r => r!["changes"]!.AsArray().Select(c =>
            $"{Text(r["relationship"])} {Text(c!["type"])} {Text(c["effectiveDate"])} ({Text(c["eventId"])}) {Text(c["certainty"])} recorded {DateTimeOffset.Parse(Text(c["recordedAt"]), CultureInfo.InvariantCulture).UtcTicks}"))
        .ToList();

    /// <summary>A panel as NDJSON (<c>ledger panel --format ndjson</c>, <c>GET /panel</c> with <c>Accept: application/json</c>): a line per row and value column, with its certainty.</summary>
    public static IReadOnlyList<string> Panel(string ndjson) =>
        DefinitionsOracle.Sorted(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).SelectMany(row =>
            row.Where(c => c.Key is not ("relationship" or "party_a" or "party_b" or "date") && !c.Key.EndsWith("_certainty", StringComparison.Ordinal))
                .Select(c => $"{Text(row["relationship"])} {Text(row["date"])} {c.Key}={Text(c.Value)} {Text(row[c.Key + "_certainty"])}")));

    private static IEnumerable<JsonNode> Items(string json) => JsonNode.Parse(json)!["items"]!.AsArray().Select(i => i!);
}
