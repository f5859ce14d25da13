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
}
