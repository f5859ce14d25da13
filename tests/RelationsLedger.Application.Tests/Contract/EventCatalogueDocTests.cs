using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Application.Tests.Contract;

/// <summary>
/// docs/events.md is the public contract. These tests keep it true: every event type of the code
/// is documented with an example the strict reader accepts and writes back unchanged, and with a table of its fields
/// that says what the code says of each: its name and place, whether it may be null, and how long it may be.
/// </summary>
public sealed partial class EventCatalogueDocTests
{
    private sealed record Documented(string Json, IReadOnlyList<(string Field, string Type)> Table);

    private static readonly Dictionary<(string Name, int Version), Documented> Sections = ReadSections();

    private static Dictionary<(string Name, int Version), string> Examples => Sections.ToDictionary(s => s.Key, s => s.Value.Json);

    private static Dictionary<(string, int), Documented> ReadSections()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf("docs", "events.md"));
        return Section().Matches(text).ToDictionary(
            m => (m.Groups["name"].Value, int.Parse(m.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture)),
            m => new Documented(m.Groups["json"].Value,
                TableRow().Matches(m.Groups["body"].Value).Select(r => (r.Groups["field"].Value, r.Groups["type"].Value.Trim())).Where(r => r.Item1 != "field").ToList()));
    }

    [GeneratedRegex(@"^### (?<name>\w+) \(v(?<version>\d+)\)\n(?<body>.*?)```json\n(?<json>.*?)\n```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Section();

    /// <summary>A row of a section's field table: <c>| field | type | meaning |</c>.</summary>
    [GeneratedRegex(@"^\| (?<field>\w+) \| (?<type>[^|]*)\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    /// <summary>The length limit a table's type gives (<c>string ≤ 200</c>), if it gives one.</summary>
    [GeneratedRegex(@"≤ (?<max>\d+)")]
    private static partial Regex Limit();

    public static TheoryData<string, int> CatalogueEntries()
    {
        var data = new TheoryData<string, int>();
        foreach (var e in EventCatalogue.All) data.Add(e.Name, e.Version);
        return data;
    }

    [Theory]
    [MemberData(nameof(CatalogueEntries))]
    public void Every_event_type_is_documented_with_an_example_that_round_trips(string name, int version)
    {
        Assert.True(Examples.TryGetValue((name, version), out var example), $"docs/events.md has no section '### {name} (v{version})' with a JSON example.");
        var e = EventJson.DeserializeData(name, version, Encoding.UTF8.GetBytes(example));
        Assert.Equal(name, EventCatalogue.NameOf(e));
        var written = JsonNode.Parse(EventJson.SerializeData(e));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(example), written), $"{name}: the documented JSON differs from what the ledger writes: {written}");
    }

    /// <summary>
    /// The table of each event's fields: every field the ledger writes, in the order it writes them, and no other; "or null" on
    /// exactly the fields that may be null; and a length (<c>string ≤ 200</c>) exactly where the command that records the event
    /// holds the field to one — a value that long is accepted, one character more refused naming the field.
    /// </summary>
    [Theory]
    [MemberData(nameof(CatalogueEntries))]
    public void Every_event_types_field_table_says_what_the_code_does_of_each_field(string name, int version)
    {
        Assert.True(Sections.TryGetValue((name, version), out var documented), $"docs/events.md has no section '### {name} (v{version})'.");
        var type = EventCatalogue.Find(name, version)!.ClrType;
        var parameters = type.GetConstructors().Single().GetParameters();
        Assert.True(parameters.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)).SequenceEqual(documented.Table.Select(r => r.Field)),
            $"{name}: docs/events.md's table names the fields {string.Join(", ", documented.Table.Select(r => r.Field))}; the ledger writes {string.Join(", ", parameters.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)))}.");

        var nullability = new NullabilityInfoContext();
        var command = CommandOf(name, version, documented.Json);
        foreach (var (parameter, (field, documentedType)) in parameters.Zip(documented.Table))
        {
            var nullable = Nullable.GetUnderlyingType(parameter.ParameterType) is not null || nullability.Create(parameter).WriteState == NullabilityState.Nullable;
            Assert.True(nullable == documentedType.EndsWith(" or null", StringComparison.Ordinal),
                $"{name}.{field}: docs/events.md says '{documentedType}', but the field {(nullable ? "may" : "may not")} be null.");
            if (!documentedType.StartsWith("string", StringComparison.Ordinal)) continue; // a party id, a UUID, a date, a name from a list
            var max = Limit().Match(documentedType) is { Success: true } m ? int.Parse(m.Groups["max"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
            var limit = LengthLimit(command, field);
            Assert.True(max == limit,
                $"{name}.{field}: docs/events.md says '{documentedType}'; the command {CommandCatalogue.ForEvent(type).Name} holds it to {(limit is { } n ? $"at most {n} characters" : "no length")}.");
        }
    }

    private static readonly ServiceProvider Services = new ServiceCollection().AddRelationsLedger().BuildServiceProvider();

    /// <summary>The command that records the documented example, as JSON (the form a client sends); its own rules pass it.</summary>
    private static (JsonObject Json, Type Type) CommandOf(string name, int version, string example)
    {
        var e = EventJson.DeserializeData(name, version, Encoding.UTF8.GetBytes(example));
        var command = CommandCatalogue.FromEvent(e, e.RelationshipOf() ?? RelationshipKey.Of("RU", "taliban"));
        Assert.Empty(Services.GetRequiredService<CommandValidators>().ValidateOwnFields(command));
        return (JsonSerializer.SerializeToNode(command, command.GetType(), LedgerJson.Commands)!.AsObject(), command.GetType());
    }

    /// <summary>
    /// The most characters the command's own rules take in a text field: found by trying lengths on a valid command (the
    /// rules refuse every length past the limit); null when the command has no field of that name or takes 10,000 characters.
    /// </summary>
    private static int? LengthLimit((JsonObject Json, Type Type) command, string field)
    {
        if (!command.Json.ContainsKey(field)) return null;
        var validators = Services.GetRequiredService<CommandValidators>();
        bool Refused(int length)
        {
            var changed = command.Json.DeepClone().AsObject();
            changed[field] = new string('x', length);
            return validators.ValidateOwnFields((RecordCommand)changed.Deserialize(command.Type, LedgerJson.Commands)!).Any(f => f.PropertyName == field);
        }
        if (!Refused(10_000)) return null;
        int low = 0, high = 10_000; // the limit is the longest length not refused: at least low, less than high
        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            if (Refused(middle)) high = middle; else low = middle;
        }
        return low;
    }

    [Fact]
    public void Every_documented_event_type_exists_in_the_code()
    {
        Assert.NotEmpty(Examples);
        foreach (var (name, version) in Examples.Keys)
            Assert.True(EventCatalogue.Find(name, version) is not null, $"docs/events.md documents {name} v{version}, which the code does not have.");
    }

    [Fact]
    public void The_strict_reader_refuses_unknown_fields_missing_fields_and_unknown_values()
    {
        var ok = """{"actor":"RU","counterpart":"taliban","form":"de-jure"}""";
        Assert.NotNull(EventJson.DeserializeData("RecognitionGranted", 1, Encoding.UTF8.GetBytes(ok)));
        foreach (var bad in new[]
                 {
                     """{"actor":"RU","counterpart":"taliban","form":"de-jure","extra":1}""",
                     """{"actor":"RU","form":"de-jure"}""",
                     """{"actor":"RU","counterpart":"taliban","form":"sort-of"}""",
                     """{"actor":null,"counterpart":"taliban","form":"de-jure"}""",
                 })
            Assert.ThrowsAny<System.Text.Json.JsonException>(() => EventJson.DeserializeData("RecognitionGranted", 1, Encoding.UTF8.GetBytes(bad)));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => EventJson.DeserializeData("RecognitionGranted", 2, Encoding.UTF8.GetBytes(ok)));
    }
}
