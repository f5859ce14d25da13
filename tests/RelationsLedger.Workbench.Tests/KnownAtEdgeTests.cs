using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RelationsLedger.Testing;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// The known-at control at its edges — before the record's first moment, at the tick a correction was recorded, and one tick
/// before it — against what `ledger state … --as-of … --known-at … --json` answers from the same file. Before round 55 an
/// address's moment before the first stood the control on the first moment (its text and the answers said "before"), and
/// one step right from there went to the second.
/// </summary>
public sealed class KnownAtEdgeTests(WorkbenchFixture fixture) : IClassFixture<WorkbenchFixture>
{
    private const string AsOf = "2003-02-14";
    private const string BeforeAnything = "2000-01-01T00:00:00Z";

    private WorkbenchServer Server => fixture.Server;

    /// <summary>The designations the CLI says hold as of <see cref="AsOf"/>, as known at the moment: event id and status.</summary>
    private async Task<List<string>> FromCliAsync(string knownAt)
    {
        var run = await LedgerCli.RunAsync("--store", Server.LedgerFile, "state", "RU", "taliban", "--as-of", AsOf, "--known-at", knownAt, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        return [.. JsonNode.Parse(run.Out)!["designations"]!.AsArray().Select(d => $"{d!["item"]!["eventId"]} {d["status"]}")];
    }

    private static async Task<List<string>> FromPageAsync(IPage page, string knownAt)
    {
        await page.Locator($".state-panel[data-as-of=\"{AsOf}\"][data-known-at=\"{knownAt}\"]").WaitForAsync();
        var items = page.Locator(".state-panel li[data-kind=designations]");
        var shown = new List<string>();
        for (var i = 0; i < await items.CountAsync(); i++)
            shown.Add($"{await items.Nth(i).GetAttributeAsync("data-event-id")} {await items.Nth(i).GetAttributeAsync("data-status")}");
        return shown;
    }

    [SkippableFact]
    public async Task The_page_answers_as_the_CLI_does_before_the_first_moment_at_a_corrections_tick_and_a_tick_before()
    {
        var timeline = await Server.GetJsonAsync("/relationships/RU/taliban/timeline");
        var designation = (string)timeline["events"]!.AsArray().Single(e => (string?)e!["type"] == "DesignationImposed")!["eventId"]!;
        await Server.RecordAsync("correct-entry", new
        {
            partyA = "RU", partyB = "taliban", target = designation, reason = "The ruling was on the 15th.", correctedEffectiveDate = "2003-02-15",
            recordedBy = "analyst", sources = new[] { new { publisher = "Reuters", title = "Correction" } },
        });
        var moments = (await Server.GetJsonAsync("/relationships/RU/taliban/timeline"))["moments"]!.AsArray().Select(m => (string)m!).ToList();
        var correction = moments[^1];
        var tickBefore = DateTimeOffset.Parse(correction, CultureInfo.InvariantCulture).AddTicks(-1).ToString("O", CultureInfo.InvariantCulture);

        await using var s = await fixture.OpenAsync();
        await s.SignInAsync($"#/relationships/RU/taliban?asOf={AsOf}&knownAt={Uri.EscapeDataString(tickBefore)}");
        var before = await FromPageAsync(s.Page, tickBefore);
        Assert.Equal(await FromCliAsync(tickBefore), before);
        Assert.Equal([$"{designation} in-force"], before); // on the 14th, as recorded before the correction

        await s.Page.GotoAsync($"{Server.Origin}/#/relationships/RU/taliban?asOf={AsOf}&knownAt={Uri.EscapeDataString(correction)}");
        var at = await FromPageAsync(s.Page, correction);
        Assert.Equal(await FromCliAsync(correction), at);
        Assert.Empty(at); // the correction, known at its own tick, puts it on the 15th

        await s.Page.GotoAsync($"{Server.Origin}/#/relationships/RU/taliban?asOf={AsOf}&knownAt={Uri.EscapeDataString(BeforeAnything)}");
        Assert.Equal(await FromCliAsync(BeforeAnything), await FromPageAsync(s.Page, BeforeAnything));
        await s.Page.Locator(".timeline-host[data-known-at=\"" + BeforeAnything + "\"]").WaitForAsync();
        var slider = s.Page.Locator("#known-at");
        Assert.Equal("-1", await slider.InputValueAsync()); // not on the first moment: nothing was known then
        Assert.Contains("2000", await slider.GetAttributeAsync("aria-valuetext"), StringComparison.Ordinal);

        // One step right is the first moment; one step back is the address's moment again, not the first.
        await slider.FocusAsync();
        await s.Page.Keyboard.PressAsync("ArrowRight");
        await s.Page.Locator($".timeline-host[data-known-at=\"{moments[0]}\"]").WaitForAsync();
        await s.Page.Keyboard.PressAsync("ArrowLeft");
        await s.Page.Locator($".timeline-host[data-known-at=\"{BeforeAnything}\"]").WaitForAsync();
        Assert.Equal(await FromCliAsync(BeforeAnything), await FromPageAsync(s.Page, BeforeAnything));
    }
}
