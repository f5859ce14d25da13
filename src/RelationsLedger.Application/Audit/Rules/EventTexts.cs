using System.Collections.Concurrent;
using System.Reflection;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Audit.Rules;

/// <summary>
/// A decided event kept with the pool's copy of each of its texts. Every event decoded from a log carries its own copy of
/// its party ids and of its few words of vocabulary (a list, an authority, a programme, a sector, a title met again when a
/// project is launched), and a verifier keeps every decided event under the rules to the end of the log: those copies were
/// the largest part of what grew per event (round 45 of issue #16; docs/performance.md). The event is made again through
/// its record's constructor, so it is equal to the decoded one field for field.
/// </summary>
internal static class EventTexts
{
    /// <summary>Each event type's constructor, and which of its parameters are texts or events (a correction's replacement).</summary>
    private sealed record Shape(ConstructorInfo Constructor, PropertyInfo[] Parameters, bool[] Pooled);

    private static readonly ConcurrentDictionary<Type, Shape?> Shapes = new();

    /// <returns>The event itself when each of its texts is the pool's already; otherwise a copy holding the pool's texts.</returns>
    public static IRelationshipEvent Pooled(IRelationshipEvent e, TextPool texts)
    {
        if (Shapes.GetOrAdd(e.GetType(), ShapeOf) is not { } shape) return e;
        var values = new object?[shape.Parameters.Length];
        var changed = false;
        for (var i = 0; i < values.Length; i++)
        {
            var value = shape.Parameters[i].GetValue(e);
            if (shape.Pooled[i])
            {
                var kept = value switch
                {
                    string text => texts.Keep(text),
                    IRelationshipEvent inner => Pooled(inner, texts),
                    _ => value,
                };
                changed |= !ReferenceEquals(kept, value);
                value = kept;
            }
            values[i] = value;
        }
        return changed ? (IRelationshipEvent)shape.Constructor.Invoke(values) : e;
    }

    /// <summary>
    /// The record's primary constructor: the public one whose every parameter is a property of the same name and type.
    /// A type without one (none of the contract's) is kept as decoded.
    /// </summary>
    private static Shape? ShapeOf(Type type)
    {
        foreach (var constructor in type.GetConstructors())
        {
            var parameters = constructor.GetParameters();
            var properties = parameters.Select(p => type.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance)).ToArray();
            if (parameters.Length == 0 || properties.Where((p, i) => p is null || p.PropertyType != parameters[i].ParameterType).Any()) continue;
            var pooled = parameters.Select(p => p.ParameterType == typeof(string) || p.ParameterType == typeof(IRelationshipEvent)).ToArray();
            return pooled.Any(x => x) ? new(constructor, properties!, pooled) : null;
        }
        return null;
    }
}
