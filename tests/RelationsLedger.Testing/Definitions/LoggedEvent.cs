using System.Globalization;
using System.Text.Json.Nodes;

namespace RelationsLedger.Testing.Definitions;

/// <summary>One event as <c>ledger export</c> writes it (docs/audit.md): its relationship, place, type, both times and data.</summary>
public sealed record LoggedEvent(Guid Id, string Relationship, long Revision, string Type, DayRange Effective, DateTimeOffset RecordedAt, JsonObject Data)
{
    /// <summary>The events of an export (NDJSON, one event a line, then its <c>exportEnd</c> line), in the log's order.</summary>
    public static IReadOnlyList<LoggedEvent> FromExport(string ndjson) =>
        ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject()).Where(e => e["exportEnd"] is null).Select(e =>
        {
            return new LoggedEvent(
                Guid.Parse((string)e["eventId"]!),
                ((string)e["stream"]!)["relationship-".Length..],
                (long)e["revision"]!,
                (string)e["type"]!,
                DayRange.Parse((string)e["metadata"]!["effectiveDate"]!),
                DateTimeOffset.Parse((string)e["recordedAt"]!, CultureInfo.InvariantCulture),
                e["data"]!.AsObject());
        }).ToList();

    public bool IsMend => Type is "EntryCorrected" or "EntryRetracted";

    public string Field(string name) => (string)Data[name]!;

    public string? Optional(string name) => (string?)Data[name];
}
