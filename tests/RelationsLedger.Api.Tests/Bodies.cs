using System.Net;
using System.Text.Json.Nodes;

namespace RelationsLedger.Api.Tests;

/// <summary>Command bodies as a client writes them, and reading answers.</summary>
public static class Bodies
{
    public static readonly object[] Sources = [new { publisher = "Reuters", title = "Russian court bans 15 groups", publishedOn = "2003-02" }];

    public static object Designation(string actor = "RU", string counterpart = "taliban", string list = "Federal list of terrorist organisations", string on = "2003-02-14") => new
    {
        actor, counterpart, list,
        authority = "Supreme Court of the Russian Federation",
        effectiveDate = on, recordedBy = "analyst", sources = Sources,
    };

    public static object RemoveDesignation(string actor = "RU", string counterpart = "taliban", string on = "2025-04-17") => new
    {
        actor, counterpart, list = "Federal list of terrorist organisations",
        authority = "Supreme Court of the Russian Federation",
        effectiveDate = on, recordedBy = "analyst", sources = Sources,
    };

    public static object Statement(string actor, string counterpart, string summary, string on = "2024-07") => new
    {
        actor, counterpart, speaker = "Vladimir Putin", stance = "ally", summary,
        effectiveDate = on, recordedBy = "analyst", sources = Sources,
    };

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A problem's errors by field, from a 400.</summary>
    public static async Task<JsonObject> ValidationErrorsAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("urn:relationsledger:problem:validation", (string?)problem["type"]);
        return problem["errors"]!.AsObject();
    }
}
