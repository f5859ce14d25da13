using System.Reflection;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Testing;

/// <summary>
/// Random relationship events of every type in the event catalogue, made by reflection so that a new event
/// type is generated (and so tested by every property that uses it) without anyone remembering to add it.
/// The first two text parameters of an event are its parties (checked: the event must then belong to their
/// relationship); enums take any value; other text comes from a small domain (with a variant differing only
/// in case and blanks) so that items collide, end and restart; optional text is sometimes null. A protecting power is given
/// to an interests section only, as a command records it.
/// </summary>
public static class RandomEvents
{
    /// <summary>Every catalogued event type that is about a relationship (not a mend of another event).</summary>
    public static IReadOnlyList<Type> Types { get; } = EventCatalogue.All
        .Select(e => e.ClrType)
        .Where(t => !typeof(IMendEvent).IsAssignableFrom(t))
        .ToArray();

    // Valid as text and as a party id (an adversary is one), differing in case; the loose domain adds blanks.
    private static readonly string[] Canonical = ["xx", "XX", "yy"];
    private static readonly string[] Loose = [.. Canonical, " xx "];

    public static IRelationshipEvent Next(Random rng, string a, string b, bool canonical = false) => Of(Types[rng.Next(Types.Count)], rng, a, b, canonical);

    /// <summary>An event of <paramref name="type"/> between the parties, in a random direction.</summary>
    /// <param name="canonical">Text exactly as a command would record it (no stray case or blanks).</param>
    public static IRelationshipEvent Of(Type type, Random rng, string a, string b, bool canonical = false)
    {
        var (x, y) = rng.Next(2) == 0 ? (a, b) : (b, a);
        var pool = canonical ? Canonical : Loose;
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var nullability = new NullabilityInfoContext();
        var parties = new Queue<string>([x, y]);
        var arguments = constructor.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(string) && parties.Count > 0 => parties.Dequeue(),
            var t when t == typeof(string) => nullability.Create(p).WriteState == NullabilityState.Nullable && rng.Next(3) == 0
                ? null
                : pool[rng.Next(pool.Length)],
            { IsEnum: true } t => Enum.GetValues(t).GetValue(rng.Next(Enum.GetValues(t).Length)),
            var t => throw new NotSupportedException($"{type.Name}.{p.Name}: no random values of {t.Name}; teach {nameof(RandomEvents)} this type."),
        }).ToArray();
        var e = (IRelationshipEvent)constructor.Invoke(arguments) switch
        {
            // A protecting power is an interests section's alone: with another level a command refuses it (round 69).
            MissionOpened { Level: not MissionLevel.InterestsSection, ProtectingPower: not null } m => m with { ProtectingPower = null },
            MissionLevelChanged { Level: not MissionLevel.InterestsSection, ProtectingPower: not null } m => m with { ProtectingPower = null },
            var any => any,
        };
        if (e.RelationshipOf() != RelationshipKey.Of(x, y))
            throw new InvalidOperationException($"{type.Name}: its first two text parameters are not its parties; teach {nameof(RandomEvents)} where they are.");
        return e;
    }
}
