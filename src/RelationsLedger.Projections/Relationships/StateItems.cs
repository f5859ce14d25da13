using System.Collections.Immutable;
using System.Text.Json;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>The kinds of item a relationship's state holds; stored as integers, so never reorder.</summary>
public enum ItemKind
{
    Relations = 0,
    Recognition = 1,
    Designation = 2,
    Ambassador = 3,
    Nomination = 4,
    Mission = 5,
    Sanctions = 6,
    Agreement = 7,
    Pledge = 8,
    Project = 9,
    Engagement = 10,
    Statement = 11,
}

/// <summary>One item of a state at its place (ordinal) in its list: the unit the read model stores.</summary>
internal readonly record struct StateItem(ItemKind Kind, int Ordinal, object Item);

/// <summary>
/// Takes a <see cref="RelationshipState"/> apart into items and puts it back together, exactly:
/// list order is kept by ordinal, so the assembled state equals the folded one.
/// </summary>
internal static class StateItems
{
    public static IEnumerable<StateItem> Of(RelationshipState s)
    {
        if (s.Relations is { } r) yield return new(ItemKind.Relations, 0, r);
        foreach (var x in Each(ItemKind.Recognition, s.Recognitions)) yield return x;
        foreach (var x in Each(ItemKind.Designation, s.Designations)) yield return x;
        foreach (var x in Each(ItemKind.Ambassador, s.Ambassadors)) yield return x;
        foreach (var x in Each(ItemKind.Nomination, s.Nominations)) yield return x;
        foreach (var x in Each(ItemKind.Mission, s.Missions)) yield return x;
        foreach (var x in Each(ItemKind.Sanctions, s.Sanctions)) yield return x;
        foreach (var x in Each(ItemKind.Agreement, s.Agreements)) yield return x;
        foreach (var x in Each(ItemKind.Pledge, s.Pledges)) yield return x;
        foreach (var x in Each(ItemKind.Project, s.Projects)) yield return x;
        foreach (var x in Each(ItemKind.Engagement, s.Engagements)) yield return x;
        foreach (var x in Each(ItemKind.Statement, s.Statements)) yield return x;
    }

    private static IEnumerable<StateItem> Each<T>(ItemKind kind, ImmutableList<T> items) where T : notnull
    {
        for (var i = 0; i < items.Count; i++) yield return new(kind, i, items[i]);
    }

    /// <summary>Items in (kind, ordinal) order back into a state.</summary>
    public static RelationshipState Assemble(RelationshipKey key, IEnumerable<StateItem> items)
    {
        var s = RelationshipState.Initial(key);
        foreach (var group in items.OrderBy(i => i.Kind).ThenBy(i => i.Ordinal).GroupBy(i => i.Kind))
        {
            var list = group.Select(i => i.Item).ToList();
            s = group.Key switch
            {
                ItemKind.Relations => s with { Relations = (DiplomaticRelations)list.Single() },
                ItemKind.Recognition => s with { Recognitions = [.. list.Cast<Recognition>()] },
                ItemKind.Designation => s with { Designations = [.. list.Cast<Designation>()] },
                ItemKind.Ambassador => s with { Ambassadors = [.. list.Cast<AmbassadorTenure>()] },
                ItemKind.Nomination => s with { Nominations = [.. list.Cast<Nomination>()] },
                ItemKind.Mission => s with { Missions = [.. list.Cast<Mission>()] },
                ItemKind.Sanctions => s with { Sanctions = [.. list.Cast<SanctionsRegime>()] },
                ItemKind.Agreement => s with { Agreements = [.. list.Cast<Agreement>()] },
                ItemKind.Pledge => s with { Pledges = [.. list.Cast<Pledge>()] },
                ItemKind.Project => s with { Projects = [.. list.Cast<Project>()] },
                ItemKind.Engagement => s with { Engagements = [.. list.Cast<Engagement>()] },
                ItemKind.Statement => s with { Statements = [.. list.Cast<Statement>()] },
                _ => throw new InvalidOperationException($"Unknown item kind {group.Key}."),
            };
        }
        return s;
    }

    public static Type ClrType(ItemKind kind) => kind switch
    {
        ItemKind.Relations => typeof(DiplomaticRelations),
        ItemKind.Recognition => typeof(Recognition),
        ItemKind.Designation => typeof(Designation),
        ItemKind.Ambassador => typeof(AmbassadorTenure),
        ItemKind.Nomination => typeof(Nomination),
        ItemKind.Mission => typeof(Mission),
        ItemKind.Sanctions => typeof(SanctionsRegime),
        ItemKind.Agreement => typeof(Agreement),
        ItemKind.Pledge => typeof(Pledge),
        ItemKind.Project => typeof(Project),
        ItemKind.Engagement => typeof(Engagement),
        ItemKind.Statement => typeof(Statement),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Items are stored as JSON in the event contract's conventions (kebab-case values, partial dates as text).</summary>
    public static string Serialize(object item) => JsonSerializer.Serialize(item, item.GetType(), EventJson.Options);

    public static object Deserialize(ItemKind kind, string json)
    {
        // Items are immutable records: the same JSON is the same item, so answers share decoded items.
        if (Decoded.TryGetValue((kind, json), out var item)) return item;
        item = JsonSerializer.Deserialize(json, ClrType(kind), EventJson.Options) ?? throw new JsonException($"stored {kind} item is null");
        if (Decoded.Count >= DecodedLimit) Decoded.Clear();
        Decoded.TryAdd((kind, json), item);
        return item;
    }

    private const int DecodedLimit = 200_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(ItemKind, string), object> Decoded = new();

    /// <summary>The directional columns the indexes of cross-relationship questions use.</summary>
    public static (string? Actor, string? Counterpart, int? Level) IndexColumns(object item) => item switch
    {
        Recognition x => (x.Actor, x.Counterpart, null),
        Designation x => (x.Actor, x.Counterpart, null),
        AmbassadorTenure x => (x.Sending, x.Receiving, null),
        Nomination x => (x.Sending, x.Receiving, null),
        Mission x => (x.Actor, x.Counterpart, (int)x.Level),
        SanctionsRegime x => (x.Actor, x.Counterpart, null),
        Pledge x => (x.Actor, x.Counterpart, null),
        Project x => (x.Actor, x.Counterpart, null),
        Statement x => (x.Actor, x.Counterpart, null),
        _ => (null, null, null),
    };

    /// <summary>The event that put the item there (for an ended item: the one that started it; the ending names its own).</summary>
    public static Guid EventIdOf(object item) => item switch
    {
        ITenure t => t.EventId,
        DiplomaticRelations r => r.EventId,
        Engagement e => e.EventId,
        Statement s => s.EventId,
        _ => Guid.Empty,
    };
}
