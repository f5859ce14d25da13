using Microsoft.Playwright;
using RelationsLedger.Testing;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// Stored markup: a recorder (over the API, and through the CLI) puts HTML and script in every free-text field an event
/// has — names, titles, places, reasons, who recorded it, a source's publisher, title and reference, a link that is only
/// http(s) but carries markup — and an analyst opens every view that shows them: the timeline with each span's
/// provenance, the party pages, the changes and the events arriving live. Nothing runs (no flag set, no dialog, nothing
/// the page's policy had to block), no element is made from the text, and the text shows as written. Found sound.
/// </summary>
public sealed class HostileTextTests(WorkbenchFixture fixture) : IClassFixture<WorkbenchFixture>
{
    private const string Party = "hostile-org";

    /// <summary>Markup that would run if it were ever parsed as HTML, in any context; tagged with the field, under 200 characters.</summary>
    private static string Markup(string field) =>
        $"<img src=x onerror=alert(1)><svg onload=window.__pwned=1></svg></script><script>window.__pwned=2</script>" +
        $"<a href=javascript:window.__pwned=3>{field}</a>\"'>";

    private static object[] Sources(string field) =>
    [
        new
        {
            publisher = Markup($"{field}.publisher"),
            title = Markup($"{field}.title") + string.Concat(Enumerable.Repeat(" very long title", 110)),
            url = "https://example.org/?q=<script>window.__pwned=4</script>&x=\"><img src=x onerror=alert(2)>",
            reference = Markup($"{field}.reference"),
        },
    ];

    private Task<string> RecordAsync(string command, Dictionary<string, object?> fields, string on)
    {
        fields["effectiveDate"] = on;
        fields["recordedBy"] = Markup($"{command}.recordedBy");
        fields["sources"] = Sources(command);
        return fixture.Server.RecordAsync(command, fields);
    }

    private async Task RecordEverythingAsync()
    {
        await RecordAsync("impose-designation", new() { ["actor"] = "RU", ["counterpart"] = Party, ["list"] = Markup("list"), ["authority"] = Markup("authority"), ["reference"] = Markup("designation.reference") }, "2020-01-01");
        var statement = await RecordAsync("make-statement", new() { ["actor"] = "RU", ["counterpart"] = Party, ["speaker"] = Markup("speaker"), ["stance"] = "ally", ["summary"] = Markup("summary") }, "2021-03");
        var engagement = await RecordAsync("hold-engagement", new() { ["partyA"] = "RU", ["partyB"] = Party, ["kind"] = Markup("kind"), ["title"] = Markup("engagement.title"), ["place"] = Markup("place") }, "2021-05-05");
        await RecordAsync("sign-agreement", new() { ["partyA"] = "RU", ["partyB"] = Party, ["kind"] = Markup("agreement.kind"), ["title"] = Markup("agreement.title") }, "2019");
        await RecordAsync("impose-sanctions", new() { ["actor"] = "RU", ["counterpart"] = Party, ["programme"] = Markup("programme"), ["scope"] = Markup("scope") }, "2018");
        await RecordAsync("pledge-cooperation", new() { ["actor"] = "RU", ["counterpart"] = Party, ["domain"] = Markup("domain") }, "2017");
        await RecordAsync("propose-project", new() { ["actor"] = "RU", ["counterpart"] = Party, ["sector"] = Markup("sector"), ["title"] = Markup("project.title") }, "2016");
        await RecordAsync("open-mission", new() { ["actor"] = "RU", ["counterpart"] = Party, ["level"] = "embassy", ["city"] = Markup("city") }, "2015");
        await RecordAsync("nominate-ambassador", new() { ["sending"] = "RU", ["receiving"] = Party, ["person"] = Markup("person") }, "2014");
        await RecordAsync("correct-entry", new() { ["partyA"] = "RU", ["partyB"] = Party, ["target"] = statement, ["reason"] = Markup("correction.reason"), ["changes"] = new Dictionary<string, object?> { ["summary"] = Markup("corrected.summary") } }, "2022");
        await RecordAsync("retract-entry", new() { ["partyA"] = "RU", ["partyB"] = Party, ["target"] = engagement, ["reason"] = Markup("retraction.reason") }, "2022");
        var cli = await LedgerCli.RunAsync("--store", fixture.Server.LedgerFile, "record", "hold-engagement", "--party-a", "RU", "--party-b", Party,
            "--kind", Markup("cli.kind"), "--title", Markup("cli.title"), "--on", "2023-06-01", "--recorded-by", Markup("cli.recordedBy"),
            "--source", $"publisher={Markup("cli.publisher")};title={Markup("cli.source")}");
        Assert.True(cli.ExitCode == 0, cli.Error);
    }

    /// <summary>Before the page's own scripts: note every dialog and everything the page's policy blocked.</summary>
    private static async Task WatchAsync(IPage page, List<string> dialogs)
    {
        page.Dialog += async (_, d) => { lock (dialogs) dialogs.Add(d.Message); await d.DismissAsync(); };
        await page.AddInitScriptAsync("window.__blocked = []; document.addEventListener('securitypolicyviolation', e => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));");
    }

    private static async Task<string> AssertNothingRanAsync(IPage page, List<string> dialogs, string view, params string[] shown)
    {
        lock (dialogs) Assert.True(dialogs.Count == 0, $"{view}: a dialog opened: {string.Join(", ", dialogs)}");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.__pwned"));
        var blocked = await page.EvaluateAsync<string[]>("window.__blocked");
        Assert.True(blocked.Length == 0, $"{view}: the policy had to block: {string.Join("; ", blocked)}");
        var made = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('main img, main script, main iframe, main object, main [onerror], main [onload], main a[href^=\"javascript:\" i]')].map(e => e.outerHTML.slice(0, 120))");
        Assert.True(made.Length == 0, $"{view}: elements made from the text: {string.Join("; ", made)}");
        var text = await page.Locator("main").InnerTextAsync();
        AssertShown(text, view, shown);
        return text;
    }

    private static void AssertShown(string text, string view, IEnumerable<string> fields)
    {
        foreach (var field in fields)
            Assert.True(text.Contains(Markup(field), StringComparison.Ordinal), $"{view}: the text of {field} is not shown as written");
    }

    [SkippableFact]
    public async Task Markup_in_every_free_text_field_shows_as_text_and_runs_in_no_view()
    {
        await RecordEverythingAsync();
        await using var s = await fixture.OpenAsync();
        var dialogs = new List<string>();
        await WatchAsync(s.Page, dialogs);

        await s.SignInAsync($"#/relationships/RU/{Party}?asOf=2024-12-31");
        await s.Page.Locator(".span[data-kind=designations]").WaitForAsync();
        await s.Page.Locator(".state-panel li[data-kind]").First.WaitForAsync();
        await AssertNothingRanAsync(s.Page, dialogs, "timeline and state",
            "list", "authority", "person", "city", "programme", "agreement.title", "sector", "domain", "speaker", "corrected.summary", "cli.title");
        var spans = s.Page.Locator(".span[data-start-event]");
        var count = await spans.CountAsync();
        var cards = new System.Text.StringBuilder();
        Assert.True(count >= 9, $"{count} spans");
        for (var i = 0; i < count; i++)
        {
            var span = spans.Nth(i);
            var id = await span.GetAttributeAsync("data-start-event");
            await span.FocusAsync();
            await s.Page.Keyboard.PressAsync("Enter");
            await s.Page.Locator($".provenance[data-selected=\"{id}\"]").WaitForAsync();
            cards.Append(await AssertNothingRanAsync(s.Page, dialogs, $"provenance of {id}"));
        }
        // Every event's card, together: who recorded it and each part of its source, as written.
        string[] commands = ["impose-designation", "make-statement", "hold-engagement", "sign-agreement", "impose-sanctions", "pledge-cooperation", "propose-project", "open-mission", "nominate-ambassador"];
        AssertShown(cards.ToString(), "provenance", [.. commands.SelectMany(c => new[] { "recordedBy", "publisher", "title", "reference" }.Select(f => $"{c}.{f}")), "cli.recordedBy", "cli.publisher", "cli.source"]);
        Assert.Contains("very long title very long title", cards.ToString(), StringComparison.Ordinal);

        await s.Page.GotoAsync($"{fixture.Server.Origin}/#/parties/{Party}?asOf=2024-12-31");
        await s.Page.Locator("[data-list=designations-of] li[data-relationship]").WaitForAsync();
        await AssertNothingRanAsync(s.Page, dialogs, "party page", "list", "authority");
        await s.Page.GotoAsync($"{fixture.Server.Origin}/#/parties/RU?asOf=2024-12-31&atLeast=embassy");
        await s.Page.Locator("[data-list=missions-of] li[data-relationship]").First.WaitForAsync();
        await AssertNothingRanAsync(s.Page, dialogs, "party page of RU", "city", "list");

        await s.Page.GotoAsync($"{fixture.Server.Origin}/#/changes?from=2014-01-01&to=2024-12-31");
        await s.Page.Locator($".changes-body li[data-relationship=\"RU~{Party}\"]").WaitForAsync();
        await s.Page.Locator("#live[data-state=live]").WaitForAsync();
        var live = await RecordAsync("make-statement", new() { ["actor"] = "RU", ["counterpart"] = Party, ["speaker"] = Markup("live.speaker"), ["stance"] = "hostile", ["summary"] = Markup("live.summary") }, "2024-02");
        await s.Page.Locator($".live-events li[data-event-id=\"{live}\"]").WaitForAsync();
        await AssertNothingRanAsync(s.Page, dialogs, "changes and live events", "make-statement.recordedBy");
        s.AssertOnlyOwnOrigin();
    }
}
