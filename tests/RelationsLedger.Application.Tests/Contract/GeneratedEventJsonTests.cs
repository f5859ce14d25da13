using System.Reflection;
using System.Text;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Tests.Contract;

/// <summary>
/// Every catalogued event's JSON through the source generator's fast path (<see cref="EventJsonContext"/>) against the
/// reflection-described contract serializer that wrote every stored event: the very same bytes, for values made by
/// reflection over each event's constructor — nulls, partial dates of each precision, text that must be escaped or
/// must not be, corrections carrying each other event type.
/// </summary>
public sealed class GeneratedEventJsonTests
{
    // Escaped by the contract's encoder (quote, backslash, controls, U+2028/9, a lone surrogate) or kept as it is (<, &, ', non-ASCII, emoji).
    private static readonly string[] Texts =
    [
        "", "Kabul", "<script>&amp;</script>", "\"quoted\" \\ back", "line\nbreak\ttab\u0001", "\u2028\u2029", "Côte d'Ivoire",
        "Ελλάδα 中国 العربية", "🇺🇦 😀", "\ud800 lone", new string('x', 5000),
    ];

    private static readonly PartialDate[] Dates = [PartialDate.OfYear(1), PartialDate.OfMonth(2025, 5), PartialDate.OfDay(new DateOnly(9999, 12, 31))];

    [Fact]
    public void Every_catalogued_event_type_is_in_the_generated_context()
    {
        var missing = EventCatalogue.All.Where(e => EventJsonContext.Default.GetTypeInfo(e.ClrType) is null)
            .Select(e => $"[JsonSerializable(typeof({e.ClrType.Name}))]").ToList();
        Assert.True(missing.Count == 0, "EventJsonContext lacks: " + string.Join(" ", missing));
    }

    [Fact]
    public void Every_event_type_and_version_is_written_to_the_same_bytes()
    {
        var rng = new Random(38);
        var compared = 0;
        foreach (var entry in EventCatalogue.All)
        {
            for (var i = 0; i < 200; i++)
            {
                var e = Make(entry.ClrType, rng, depth: 0);
                var expected = Outcome(() => EventJson.SerializeDataReflected(e));
                var actual = Outcome(() => EventJson.SerializeData(e));
                if (expected != actual) Assert.Fail($"{entry.Name} v{entry.Version}: reflection wrote {expected}, the generated path {actual}");
                compared++;
            }
        }
        Assert.Equal(EventCatalogue.All.Count * 200, compared);
    }

    /// <summary>The bytes written (as text, escapes and all), or the refusal: a null where the contract allows none is refused by both alike.</summary>
    private static string Outcome(Func<byte[]> write)
    {
        try { return Encoding.UTF8.GetString(write()); }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static IRelationshipEvent Make(Type type, Random rng, int depth)
    {
        var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length)!;
        var nullability = new NullabilityInfoContext();
        var arguments = constructor.GetParameters().Select(p =>
        {
            var nullable = nullability.Create(p).WriteState == NullabilityState.Nullable || Nullable.GetUnderlyingType(p.ParameterType) is not null;
            // A null where the contract allows none, now and then: the serializers must refuse it alike.
            if ((nullable && rng.Next(3) == 0) || (!p.ParameterType.IsValueType && rng.Next(50) == 0)) return null;
            var t = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            return t switch
            {
                _ when t == typeof(string) => Texts[rng.Next(Texts.Length)],
                _ when t == typeof(Guid) => rng.Next(4) == 0 ? Guid.Empty : new Guid(RandomBytes(rng)),
                _ when t == typeof(PartialDate) => Dates[rng.Next(Dates.Length)],
                _ when t == typeof(IRelationshipEvent) => depth > 0 ? null : Make(EventCatalogue.All[rng.Next(EventCatalogue.All.Count)].ClrType, rng, depth + 1),
                { IsEnum: true } => Enum.GetValues(t).GetValue(rng.Next(Enum.GetValues(t).Length)),
                _ => throw new NotSupportedException($"{type.Name}.{p.Name}: no values of {t.Name}; teach {nameof(GeneratedEventJsonTests)} this type."),
            };
        }).ToArray();
        return (IRelationshipEvent)constructor.Invoke(arguments);
    }

    private static byte[] RandomBytes(Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return bytes;
    }
}
