using System.Text.Json;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Application.Audit.Trail;

/// <summary>
/// The readable difference between two states of a relationship, kind by kind
/// (<see cref="RelationshipModel.Kinds"/>). Items are matched by the identity their kind declares (a
/// designation by actor and list, a mission by actor, a pledge by its event…), so an item that is
/// replaced or ended shows as changed, field by field (fields as they read in JSON).
/// </summary>
public static class StateDiff
{
    /// <summary>
    /// What changed between two records of a relationship, over every effective date: the final states' items by
    /// identity, then the items that held only at earlier dates, as (before, after) pairs by kind (<see
    /// cref="KnownRecord"/> gives those whose form changed, in their order) — a back-filled designation of 2021–2025 under
    /// one of today changes no final item, and was reported as changing nothing. Momentary items (engagements, statements)
    /// compare over time only: the final state keeps the latest ten, so an eleventh made the oldest read as removed.
    /// </summary>
    public static IReadOnlyList<StateChange> Between(RelationshipState before, RelationshipState after, Func<ItemKind, IEnumerable<(object? Was, object? Now)>> heldItems)
    {
        var changes = new List<StateChange>();
        foreach (var kind in RelationshipModel.Kinds)
        {
            if (!kind.Momentary) changes.AddRange(Between(kind, before, after));
            foreach (var (was, now) in heldItems(kind))
                if (!Equals(was, now)) changes.Add(Change(kind, was, now));
        }
        return changes;
    }

    private static StateChange Change(ItemKind kind, object? old, object? item)
    {
        var (a, b) = (Json(kind, old), Json(kind, item));
        var change = old is null ? ChangeKind.Added : item is null ? ChangeKind.Removed : ChangeKind.Changed;
        return new(kind.Name, kind.LabelOf(item ?? old!), change, Fields(a, b));
    }

    private static JsonObject? Json(ItemKind kind, object? item) =>
        item is null ? null : JsonSerializer.SerializeToNode(item, kind.ItemType, LedgerJson.Contract)!.AsObject();

    /// <summary>The difference between two states (as of one date), kind by kind, items matched by identity.</summary>
    public static IReadOnlyList<StateChange> Between(RelationshipState before, RelationshipState after) =>
        RelationshipModel.Kinds.SelectMany(kind => Between(kind, before, after)).ToList();

    /// <summary>The final states' items of one kind, matched by identity.</summary>
    private static IEnumerable<StateChange> Between(ItemKind kind, RelationshipState before, RelationshipState after)
    {
        var changes = new List<StateChange>();
        if (ReferenceEquals(before.Slot(kind), after.Slot(kind))) return changes;
        {
            var (was, now) = (Items(kind, before), Items(kind, after));
            foreach (var (key, item) in now)
            {
                if (!was.TryGetValue(key, out var old))
                    changes.Add(new(kind.Name, item.Label, ChangeKind.Added, Fields(null, item.Value)));
                else if (!JsonNode.DeepEquals(old.Value, item.Value))
                    changes.Add(new(kind.Name, item.Label, ChangeKind.Changed, Fields(old.Value, item.Value)));
            }
            foreach (var (key, item) in was.Where(w => !now.ContainsKey(w.Key)))
                changes.Add(new(kind.Name, item.Label, ChangeKind.Removed, Fields(item.Value, null)));
        }
        return changes;
    }

    private static Dictionary<string, (string Label, JsonObject Value)> Items(ItemKind kind, RelationshipState state)
    {
        var items = new Dictionary<string, (string, JsonObject)>(StringComparer.Ordinal);
        foreach (var item in kind.ItemsIn(state))
            items.TryAdd(kind.IdentityOf(item), (kind.LabelOf(item), JsonSerializer.SerializeToNode(item, kind.ItemType, LedgerJson.Contract)!.AsObject()));
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
        _ => node.ToJsonString(LedgerJson.Contract),
    };
}
