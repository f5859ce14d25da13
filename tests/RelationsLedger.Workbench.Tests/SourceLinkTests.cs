using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RelationsLedger.Testing;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// A source's URL, the one piece of recorded text the workbench makes a link of. The API takes only absolute http(s) URLs
/// (checked here against the URLs a hostile recorder would try); the page links a URL only when the browser reads it as an
/// http(s) address, and shows every URL as recorded beside its title, so that the analyst sees where a link leads. Before,
/// the page linked the URL as the record held it and showed only the title: a record rewritten and sealed again by another
/// client of the store (docs/audit.md) made a javascript: link of "Reuters", and https://www.reuters.com@evil.example/
/// read as Reuters' page.
/// </summary>
public sealed class SourceLinkTests(WorkbenchFixture fixture) : IClassFixture<WorkbenchFixture>
{
    private static object Statement(string counterpart, string url) => new
    {
        actor = "RU", counterpart, speaker = "Maria Zakharova", stance = "partner", summary = "On the source's link.",
        effectiveDate = "2024-03", recordedBy = "analyst", sources = new[] { new { publisher = "Reuters", title = "Moscow's line", url } },
    };

    public static TheoryData<string> NoWebAddress =>
    [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)", "\u0001javascript:alert(1)",
        "java\nscript:alert(1)", "javascript\u00A0:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
        "http:relationships/RU/taliban", "//evil.example/x", "/relationships/RU/taliban/state", "file:///etc/passwd", "ftp://evil.example/",
        "https://evil.example/\u202Egpj.exe", "https://" + new string('a', 1990) + ".example/",
    ];

    /// <summary>Found right: each is a 400 naming the source's url, and nothing is recorded.</summary>
    [SkippableTheory]
    [MemberData(nameof(NoWebAddress))]
    public async Task A_source_url_that_is_no_web_address_is_refused_naming_it_and_nothing_is_recorded(string url)
    {
        var counterpart = $"url-{Guid.NewGuid():N}"[..16];
        using var response = await fixture.Server.Recorder.PostAsJsonAsync("/commands/make-statement", Statement(counterpart, url));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.Equal(["sources[0].url"], errors.Select(e => e.Key));
        var history = await fixture.Server.GetJsonAsync($"/relationships/RU/{counterpart}/history");
        Assert.Empty(history.AsArray());
    }

    [SkippableFact]
    public async Task A_source_link_opens_only_a_web_address_and_the_card_shows_where_it_leads()
    {
        var server = await WorkbenchServer.StartAsync();
        try
        {
            const string counterpart = "link-probe";
            const string deceptive = "https://www.reuters.com@evil.example/moscow-line";
            var honest = await server.RecordAsync("make-statement", Statement(counterpart, deceptive));
            var forged = await server.RecordAsync("make-statement", Statement(counterpart, "https://www.reuters.com/moscow-line"));
            await server.StopAsync();
            // The last event's link rewritten in the file and sealed again, as another client with the hash's specification
            // would: every reader takes it for the ledger's (its own hash matches, and no event after it links to it).
            const string script = "javascript:window.__pwned=1";
            await using (var connection = await StoredJson.OpenAsync(server.LedgerFile))
            {
                await using var edit = connection.CreateCommand();
                edit.CommandText = "UPDATE events SET metadata = stored_like(metadata, json_set(json_of(metadata), '$.sources[0].url', $url)) WHERE id_of(event_id) = $id";
                edit.Parameters.AddWithValue("$url", script);
                edit.Parameters.AddWithValue("$id", forged);
                Assert.Equal(1, await edit.ExecuteNonQueryAsync());
            }
            await Resealed.RowsAsync(server.LedgerFile, $"id_of(event_id) = '{forged}'");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            server = await WorkbenchServer.RestartAsync(server);
            var timeline = await server.GetJsonAsync($"/relationships/RU/{counterpart}/timeline");
            Assert.Contains(timeline["events"]!.AsArray(), e => (string?)e!["sources"]![0]!["url"] == script); // the API gives it as stored

            await using var s = await fixture.OpenAsync(server);
            await s.SignInAsync($"#/relationships/RU/{counterpart}?asOf=2024-12-31");

            var card = await CardAsync(s.Page, forged);
            Assert.Equal(0, await card.Locator("a[href]").Filter(new() { HasText = "Moscow's line" }).CountAsync());
            Assert.Equal(0, await s.Page.Locator("main a[href^='javascript:' i]").CountAsync());
            Assert.Equal($"{script} — not an http(s) address: not linked", await card.Locator(".source-url[data-linked=false]").InnerTextAsync());
            Assert.Contains("Moscow's line", await card.InnerTextAsync(), StringComparison.Ordinal); // the title, as text

            card = await CardAsync(s.Page, honest);
            var link = card.Locator("a.source-link");
            Assert.Equal("Moscow's line", await link.InnerTextAsync());
            Assert.Equal(deceptive, await link.GetAttributeAsync("href"));
            Assert.Equal("noopener noreferrer", await link.GetAttributeAsync("rel"));
            Assert.Equal(deceptive, await card.Locator(".source-url[data-linked=true]").InnerTextAsync());
            Assert.Equal("undefined", await s.Page.EvaluateAsync<string>("typeof window.__pwned"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>The provenance card of an event, selected as a keyboard user would: its span focused, Enter.</summary>
    private static async Task<ILocator> CardAsync(IPage page, string eventId)
    {
        var span = page.Locator($".span[data-start-event=\"{eventId}\"]");
        await span.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator($".provenance[data-selected=\"{eventId}\"]").WaitForAsync();
        return page.Locator($".provenance article.event[data-event-id=\"{eventId}\"]");
    }
}
