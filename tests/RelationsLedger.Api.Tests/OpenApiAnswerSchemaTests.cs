using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A feed page's items as a client generated from /openapi/v1.json reads them: each item must hold every field one of the
/// item schemas requires, and a discriminator the document names must be in the items. Before round 70 the document named
/// <c>$type</c> as the items' discriminator, which the feed never writes (docs/api.md: a consumer tells an unreadable event
/// by <c>unreadable</c>), and required all four of an unreadable event's <c>data</c>, <c>dataBase64</c>, <c>metadata</c>
/// and <c>metadataBase64</c>, of which it writes two. A real server, a ledger event and another client's event beside it.
/// </summary>
public sealed class OpenApiAnswerSchemaTests
{
    [Fact]
    public async Task Every_item_of_a_feed_page_holds_what_its_schema_requires()
    {
        await using var server = await ApiServer.StartAsync();
        using var established = await server.RecordAsync("establish-relations",
            new { partyA = "DE", partyB = "FR", effectiveDate = "1950", recordedBy = "analyst", sources = Bodies.Sources });
        await established.ReadJsonAsync(HttpStatusCode.Created);
        await server.Store.AppendAsync(RelationshipKey.Of("DE", "FR").StreamName, ExpectedRevision.Any,
            [new EventData(Guid.NewGuid(), "RelationsSevered", Encoding.UTF8.GetBytes("""{"partyA":"DE","partyB":"FR"}"""), ReadOnlyMemory<byte>.Empty)]);

        var schemas = (await server.GetJsonAsync("/openapi/v1.json", server.Anonymous))["components"]!["schemas"]!;
        var page = await server.GetJsonAsync("/events");
        var items = page["events"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(2, items.Count);
        Assert.Contains(items, i => i.ContainsKey("unreadable"));

        var feedItem = schemas["FeedItem"]!;
        var kinds = feedItem["anyOf"]!.AsArray().Select(k => schemas[((string)k!["$ref"]!).Split('/')[^1]]!).ToList();
        foreach (var item in items)
        {
            if ((string?)feedItem["discriminator"]?["propertyName"] is { } discriminator)
                Assert.True(item.ContainsKey(discriminator), $"the schema names {discriminator} as the discriminator, and the item has none: {item.ToJsonString()}");
            Assert.True(kinds.Any(k => k["required"]!.AsArray().All(r => item.ContainsKey((string)r!))),
                $"the item holds the required fields of none of the schemas {string.Join(", ", kinds.Select(k => k["required"]!.ToJsonString()))}: {item.ToJsonString()}");
        }
    }

    /// <summary>
    /// The state's schema describes the state as written: every field of the answer, at every depth, is one its schema names,
    /// and every field the schema requires is there. Before round 70 the schema was <c>{}</c> (its converter hid its fields
    /// from the generator). A relationship with relations, a designation ended, a mission, a statement.
    /// </summary>
    [Fact]
    public async Task A_relationship_s_state_holds_what_its_schema_says()
    {
        await using var server = await ApiServer.StartAsync();
        foreach (var (command, body) in new (string, object)[]
        {
            ("establish-relations", new { partyA = "DE", partyB = "FR", effectiveDate = "1950", recordedBy = "analyst", sources = Bodies.Sources }),
            ("open-mission", new { actor = "DE", counterpart = "FR", level = "embassy", city = "Paris", effectiveDate = "1951-05", recordedBy = "analyst", sources = Bodies.Sources }),
            ("impose-designation", Bodies.Designation("DE", "fr-group", on: "2001-01-01")),
            ("remove-designation", Bodies.RemoveDesignation("DE", "fr-group", on: "2002")),
            ("make-statement", Bodies.Statement("DE", "FR", "Friends.", on: "2001")),
        })
        {
            using var recorded = await server.RecordAsync(command, body);
            await recorded.ReadJsonAsync(HttpStatusCode.Created);
        }
        var document = await server.GetJsonAsync("/openapi/v1.json", server.Anonymous);
        var schema = document["paths"]!["/relationships/{a}/{b}/state"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;

        foreach (var (a, b) in new[] { ("DE", "FR"), ("DE", "fr-group") })
        {
            var state = await server.GetJsonAsync($"/relationships/{a}/{b}/state?asOf=2001-06-01");
            var problems = new List<string>();
            Conforms(document, schema, state, "$", problems);
            Assert.True(problems.Count == 0, $"{a}~{b}: {string.Join("; ", problems)}\n{state.ToJsonString()}");
        }
    }

    /// <summary>Whether <paramref name="value"/> holds what <paramref name="schema"/> says: its fields named there, its required ones present.</summary>
    private static void Conforms(JsonNode document, JsonNode schema, JsonNode? value, string path, List<string> problems)
    {
        if ((string?)schema["$ref"] is { } reference) schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        if (value is null) return;
        if (schema["oneOf"] is JsonArray options)
        {
            foreach (var option in options.Where(o => (string?)o!["type"] != "null")) Conforms(document, option!, value, path, problems);
            return;
        }
        if (value is JsonObject fields)
        {
            var properties = schema["properties"]?.AsObject();
            if (properties is null) { problems.Add($"{path}: the schema names no field"); return; }
            foreach (var required in schema["required"]?.AsArray() ?? [])
                if (!fields.ContainsKey((string)required!)) problems.Add($"{path}.{required}: required, and not in the answer");
            foreach (var (name, field) in fields)
                if (properties[name] is { } property) Conforms(document, property, field, $"{path}.{name}", problems);
                else problems.Add($"{path}.{name}: not in the schema");
        }
        else if (value is JsonArray items && schema["items"] is { } item)
            for (var i = 0; i < items.Count; i++) Conforms(document, item, items[i], $"{path}[{i}]", problems);
    }
}
