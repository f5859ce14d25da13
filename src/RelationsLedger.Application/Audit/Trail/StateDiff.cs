using System.Text.Json;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Trail;

public enum ChangeKind { Added, Removed, Changed }

/// <summary>One field of a state item before and after, as text (scalars as they read in JSON, objects as compact JSON).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>One item of the state (a designation, a mission…) that an event added, removed or changed.</summary>
public sealed record StateChange(string Section, string Item, ChangeKind Change, IReadOnlyList<FieldChange> Fields);

/// <summary>
/// The readable difference between two states of a relationship. Items are matched by what
/// identifies them in the fold (a designation by actor and list, a mission by actor, a pledge by
/// its event…), so an item that is replaced or ended shows as changed, field by field.
/// </summary>
public static class StateDiff
{
    private sealed record Section(string Name, string[] Key, string[] Label);

    private static readonly Section[] Sections =
    [
        new("relations", [], ["status"]),
        new("recognitions", ["actor"], ["actor", "counterpart"]),
        new("designations", ["actor", "list"], ["actor", "list"]),
        new("ambassadors", ["sending"], ["sending", "receiving"]),
        new("nominations", ["sending", "person"], ["sending", "person"]),
        new("missions", ["actor"], ["actor", "counterpart"]),
        new("sanctions", ["actor", "programme"], ["actor", "programme"]),
        new("agreements", ["title"], ["title"]),
        new("pledges", ["eventId"], ["actor", "domain", "since"]),
        new("projects", ["title"], ["title"]),
        new("engagements", ["eventId"], ["title", "on"]),
        new("statements", ["eventId"], ["speaker", "on"]),
    ];

    public static JsonObject Snapshot(RelationshipState state) =>
        JsonSerializer.SerializeToNode(state, EventJson.Options)!.AsObject();

    public static IReadOnlyList<StateChange> Between(JsonObject before, JsonObject after)
    {
        var changes = new List<StateChange>();
        foreach (var section in Sections)
        {
            var (was, now) = (Items(section, before[section.Name]), Items(section, after[section.Name]));
            foreach (var (key, item) in now)
            {
                if (!was.TryGetValue(key, out var old))
                    changes.Add(new(section.Name, item.Label, ChangeKind.Added, Fields(null, item.Value)));
                else if (!JsonNode.DeepEquals(old.Value, item.Value))
                    changes.Add(new(section.Name, item.Label, ChangeKind.Changed, Fields(old.Value, item.Value)));
            }
            foreach (var (key, item) in was.Where(w => !now.ContainsKey(w.Key)))
                changes.Add(new(section.Name, item.Label, ChangeKind.Removed, Fields(item.Value, null)));
        }
        return changes;
    }

    private static Dictionary<string, (string Label, JsonObject Value)> Items(Section section, JsonNode? node)
    {
        var items = new Dictionary<string, (string, JsonObject)>(StringComparer.Ordinal);
        var list = node switch { null => [], JsonArray a => a.OfType<JsonObject>().ToList(), JsonObject o => [o], _ => [] };
        foreach (var item in list)
        {
            var key = section.Key.Length == 0 ? section.Name : string.Join("\u001f", section.Key.Select(k => Text(item[k])?.Trim().ToUpperInvariant()));
            items.TryAdd(key, (string.Join(" · ", section.Label.Select(l => Text(item[l]))), item));
        }
        return items;
    }

    private static List<FieldChange> Fields(JsonObject? before, JsonObject? after)
    {
        var names = (before?.Select(p => p.Key) ?? []).Union(after?.Select(p => p.Key) ?? []);
        return names.Select(n => (n, b: before?[n], a: after?[n]))
            .Where(f => before is null || after is null ? f.b is not null || f.a is not null : !JsonNode.DeepEquals(f.b, f.a))
            .Select(f => new FieldChange(f.n, Text(f.b), Text(f.a))).ToList();
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        // An item's ending reads as a sentence: "2025-04-17 by DesignationRemoved 4829ef65-… (reason)".
        JsonObject { Count: 4 } o when o["on"] is not null && o["type"] is not null && o["eventId"] is not null =>
            $"{Text(o["on"])} by {Text(o["type"])} {Text(o["eventId"])}{(Text(o["reason"]) is { } why ? $" ({why})" : "")}",
        _ => node.ToJsonString(EventJson.Options),
    };
}
