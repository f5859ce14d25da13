using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;

namespace RelationsLedger.Application.Tests.Contract;

/// <summary>
/// docs/events.md is the public contract. These tests keep it true: every event type of the code
/// is documented with an example the strict reader accepts and writes back unchanged.
/// </summary>
public sealed partial class EventCatalogueDocTests
{
    private static readonly Dictionary<(string Name, int Version), string> Examples = ReadExamples();

    private static Dictionary<(string, int), string> ReadExamples()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf("docs", "events.md"));
        return Section().Matches(text).ToDictionary(m => (m.Groups["name"].Value, int.Parse(m.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture)), m => m.Groups["json"].Value);
    }

    [GeneratedRegex(@"^### (?<name>\w+) \(v(?<version>\d+)\)\n.*?```json\n(?<json>.*?)\n```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Section();

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
