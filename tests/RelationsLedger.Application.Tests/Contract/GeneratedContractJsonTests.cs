using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Queries.AsOf;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Tests.Contract;

/// <summary>
/// The items' and sections' JSON metadata made at compile time (<see cref="ContractJsonContext"/>) against the
/// reflection that described them before: for the items of random states, the same bytes written, the same items
/// read back, and every mutated item (a field missing, null, unknown, repeated, of the wrong kind) refused or read
/// exactly as before; the answers (a whole state, compact and indented) byte for byte the same.
/// </summary>
public sealed class GeneratedContractJsonTests
{
    /// <summary>The oracle: the contract's and the answers' options with reflection in place of the generated metadata.</summary>
    private static readonly JsonSerializerOptions ReflectedContract = ReflectedCopyOf(LedgerJson.Contract);

    private static readonly JsonSerializerOptions ReflectedAnswers = ReflectedCopyOf(LedgerJson.Answers);

    private static readonly JsonSerializerOptions ReflectedAnswersIndented = ReflectedCopyOf(LedgerJson.AnswersIndented);

    [Fact]
    public void Every_kind_of_item_and_its_section_is_described_at_compile_time()
    {
        // A kind's section holds its items: its one line brings both.
        var missing = RelationshipModel.Kinds
            .Where(k => ContractJsonContext.Default.GetTypeInfo(k.SectionType) is null || ContractJsonContext.Default.GetTypeInfo(k.ItemType) is null)
            .Select(k => $"{k.Name}: [JsonSerializable(typeof({CSharpName(k.SectionType)}))]")
            .ToList();
        Assert.True(missing.Count == 0, "ContractJsonContext lacks: " + string.Join("; ", missing));
        // The contract's and the answers' options take them from there, not from reflection.
        foreach (var kind in RelationshipModel.Kinds)
            foreach (var options in new[] { LedgerJson.Contract, LedgerJson.Answers, LedgerJson.AnswersIndented })
            {
                Assert.IsType<ContractJsonContext>(options.GetTypeInfo(kind.ItemType).OriginatingResolver);
                Assert.IsType<ContractJsonContext>(options.GetTypeInfo(kind.SectionType).OriginatingResolver);
            }
        Assert.IsNotType<ContractJsonContext>(ReflectedContract.GetTypeInfo(RelationshipModel.Kinds[0].ItemType).OriginatingResolver);
    }

    [Fact]
    public void Items_are_written_and_read_as_reflection_wrote_and_read_them()
    {
        var items = 0;
        foreach (var (state, _) in RandomStates(Hostile.Iterations(300)))
            foreach (var (kind, _, item) in state.Items())
            {
                var expected = JsonSerializer.SerializeToUtf8Bytes(item, kind.ItemType, ReflectedContract);
                var actual = JsonSerializer.SerializeToUtf8Bytes(item, kind.ItemType, LedgerJson.Contract);
                Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
                var read = JsonSerializer.Deserialize(actual, kind.ItemType, LedgerJson.Contract);
                Assert.Equal(expected, JsonSerializer.SerializeToUtf8Bytes(read, kind.ItemType, ReflectedContract));
                items++;
            }
        Assert.True(items > 1_000, $"only {items} items were compared");
    }

    [Fact]
    public void Mutated_items_are_refused_or_read_exactly_as_reflection_did()
    {
        var rng = new Random(16_009);
        var compared = 0;
        var refused = 0;
        var read = 0;
        foreach (var (state, _) in RandomStates(Hostile.Iterations(60)))
            foreach (var (kind, _, item) in state.Items())
                foreach (var mutant in Mutants(JsonSerializer.Serialize(item, kind.ItemType, ReflectedContract), rng))
                {
                    var expected = Outcome(mutant, kind.ItemType, ReflectedContract);
                    var actual = Outcome(mutant, kind.ItemType, LedgerJson.Contract);
                    Assert.True(expected == actual, $"{kind.Name} item {mutant}: reflection {expected}, generated {actual}");
                    compared++;
                    if (expected == "refused") refused++;
                    else if (expected != "read " + JsonSerializer.Serialize(item, kind.ItemType, ReflectedContract)) read++;
                }
        // Most mutants are refused (the contract is strict); some are read as something else (a nullable field left out or null).
        Assert.True(compared > 5_000 && refused > compared / 4 && read > 100, $"{compared} mutants compared, {refused} refused, {read} read differently");
    }

    [Fact]
    public void A_state_is_answered_byte_for_byte_as_before()
    {
        foreach (var (state, asOf) in RandomStates(Hostile.Iterations(200)))
        {
            var view = new RelationshipStateView(state.Key.ToString(), "relationship-" + state.Key, asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                asOf.Day % 2 == 0 ? null : new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), StateSections.Of(state, asOf))
            {
                ReadModel = asOf.Day % 3 == 0 ? null : new ReadModelFreshness("relationships", "1234", asOf.Day % 5, asOf.Day % 7 == 0 ? "broken \"row\"" : null),
            };
            Assert.Equal(JsonSerializer.Serialize(view, ReflectedAnswers), JsonSerializer.Serialize(view, LedgerJson.Answers));
            Assert.Equal(JsonSerializer.Serialize(view, ReflectedAnswersIndented), JsonSerializer.Serialize(view, LedgerJson.AnswersIndented));
        }
    }

    /// <summary>A type as C# spells it, e.g. <c>IReadOnlyList&lt;ItemView&lt;Mission&gt;&gt;</c>: the line to add, ready to paste.</summary>
    private static string CSharpName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(CSharpName))}>"
        : type.Name;

    /// <summary>"read …" with what was read written again by the same options, or "refused" — the message is the serializer's, not the contract's.</summary>
    private static string Outcome(string json, Type type, JsonSerializerOptions options)
    {
        object? value;
        try
        {
            value = JsonSerializer.Deserialize(json, type, options);
        }
        catch (JsonException)
        {
            return "refused";
        }
        return "read " + JsonSerializer.Serialize(value, type, options);
    }

    /// <summary>The item with one field removed, null, of another kind, unknown or repeated — each field in turn.</summary>
    private static IEnumerable<string> Mutants(string json, Random rng)
    {
        var original = JsonNode.Parse(json)!.AsObject();
        JsonNode?[] others = [null, 0, -1.5, true, "", "x", "2024-13-01", new JsonArray(), new JsonObject(), new JsonObject { ["on"] = "2001" }];
        foreach (var name in original.Select(p => p.Key).ToList())
        {
            var without = original.DeepClone().AsObject();
            without.Remove(name);
            yield return without.ToJsonString();
            var changed = original.DeepClone().AsObject();
            changed[name] = others[rng.Next(others.Length)]?.DeepClone();
            yield return changed.ToJsonString();
            var text = original.ToJsonString();
            yield return text[..^1] + $",\"{name}\":{original[name]?.ToJsonString() ?? "null"}}}"; // repeated
            yield return text[..^1] + $",\"{name.ToUpperInvariant()}\":null}}"; // another spelling
        }
        var unknown = original.DeepClone().AsObject();
        unknown["notAField"] = 1;
        yield return unknown.ToJsonString();
    }

    /// <summary>States folded from random events of every catalogued type on random partial dates, with the day they are as of.</summary>
    private static IEnumerable<(RelationshipState State, DateOnly AsOf)> RandomStates(int count)
    {
        var rng = new Random(9);
        var key = RelationshipKey.Of("xx", "yy");
        for (var n = 0; n < count; n++)
        {
            var facts = new List<Fact>();
            var length = rng.Next(1, 60);
            for (var i = 0; i < length; i++)
            {
                var e = RandomEvents.Next(rng, "xx", "yy");
                var date = rng.Next(3) switch
                {
                    0 => PartialDate.OfYear(1990 + rng.Next(20)),
                    1 => PartialDate.OfMonth(1990 + rng.Next(20), rng.Next(1, 13)),
                    _ => PartialDate.Create(1990 + rng.Next(20), rng.Next(1, 13), rng.Next(1, 29)),
                };
                facts.Add(new Fact(Guid.NewGuid(), date, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i), i, e));
                if (facts.Count > 2 && rng.Next(8) == 0)
                    facts.Add(new Fact(Guid.NewGuid(), date, new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero).AddMinutes(i), ++i,
                        new EntryRetracted(facts[rng.Next(facts.Count)].EventId, "withdrawn")));
            }
            var asOf = new DateOnly(1990 + rng.Next(22), rng.Next(1, 13), rng.Next(1, 29));
            yield return (Timeline.StateAsOf(key, facts, asOf), asOf);
        }
    }

    /// <summary>The same options with every type described by reflection, as before <see cref="ContractJsonContext"/>.</summary>
    private static JsonSerializerOptions ReflectedCopyOf(JsonSerializerOptions options)
    {
        var copy = new JsonSerializerOptions(options)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LedgerJson.OnlyConstructorFields } },
        };
        copy.MakeReadOnly();
        return copy;
    }
}
