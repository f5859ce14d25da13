using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Testing;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// Text the ledger holds that draws nothing (docs/events.md, "Invisible characters"): an event recorded before the ledger
/// refused them, or written by another client — a zero-width space in a list's name, a right-to-left override in an
/// authority — is shown with each such character as ⟨U+200B⟩ in every view, so that "F⟨U+200B⟩TO" does not pass for
/// "FTO" and an override does not reorder the page. The page's rule and the ledger's give the same answers.
/// </summary>
public sealed class InvisibleTextTests(WorkbenchFixture fixture) : IClassFixture<WorkbenchFixture>
{
    private static readonly string[] Samples =
    [
        "FTO", "F\u200BTO", "Putin\u202Emi", "علی\u200Cاکبر", "F\u200DTO", "👩\u200D💼", "FTO\U000E0041", "\uFEFFlist", "Reu\u00ADters",
        "x\u2060y\u2064z", "\u3164", "क्\u200Dष", "❤\uFE0F", "a\u200C", "\u200Cb", "é\u200Cé", "é \u200Cé", "\u061C\u180E", "plain ascii",
    ];

    [SkippableFact]
    public async Task The_page_shows_each_invisible_character_as_the_ledger_names_it()
    {
        await using var s = await fixture.OpenAsync();
        await s.SignInAsync("#/");

        var shown = await s.Page.EvaluateAsync<string[]>("async xs => { const m = await import('/workbench/html.js'); return xs.map(m.shown); }", Samples);

        Assert.Equal(Samples.Select(InvisibleCharacters.Shown), shown);
    }

    [SkippableFact]
    public async Task An_old_event_with_a_zero_width_space_and_an_override_shows_them_in_the_timeline_its_card_and_the_party_page()
    {
        await using var server = await WorkbenchServer.StartAsync();
        await using var s = await fixture.OpenAsync(server);
        await InsertOldDesignationAsync(server);
        await server.RecordAsync("impose-designation", new
        {
            actor = "US", counterpart = "taliban", list = "Specially Designated Global Terrorists", authority = "Department of State",
            effectiveDate = "2024-01-01", recordedBy = "invisible-test", sources = new[] { new { publisher = "P", title = "T" } },
        }); // after it: the read model catches up past it

        await s.SignInAsync("#/relationships/RU/zz?asOf=2024-12-31");
        var span = s.Page.Locator(".span[data-kind=designations]");
        await span.WaitForAsync();
        await s.Page.Locator(".state-panel li[data-kind]").First.WaitForAsync();
        await span.FocusAsync();
        await s.Page.Keyboard.PressAsync("Enter");
        await s.Page.Locator(".provenance[data-selected]").WaitForAsync();
        var relationship = await s.Page.Locator("main").InnerTextAsync();
        var label = await span.GetAttributeAsync("aria-label");

        await s.Page.GotoAsync($"{server.Origin}/#/parties/zz?asOf=2024-12-31");
        await s.Page.Locator("[data-list=designations-of] li[data-relationship]").WaitForAsync();
        var party = await s.Page.Locator("main").InnerTextAsync();

        foreach (var (view, text) in new[] { ("relationship", relationship), ("span's label", label!), ("party page", party) })
        {
            Assert.True(text.Contains("F⟨U+200B⟩TO", StringComparison.Ordinal), $"{view}: {text}");
            Assert.False(text.Contains('\u200B', StringComparison.Ordinal) || text.Contains('\u202E', StringComparison.Ordinal), $"{view} holds the invisible characters themselves: {text}");
        }
        Assert.Contains("Court⟨U+202E⟩ of appeal", relationship, StringComparison.Ordinal);
    }

    /// <summary>
    /// A designation of zz by RU as a ledger before the rule (or another client) wrote it: the founding example's first event's
    /// envelope, this data, sealed in the same transaction (a running server's read model never sees it unsealed).
    /// </summary>
    private static async Task InsertOldDesignationAsync(WorkbenchServer server)
    {
        await using var store = new SqliteConnection($"Data Source={server.LedgerFile};Pooling=False");
        await store.OpenAsync();
        await Sql(store, "BEGIN IMMEDIATE");
        const string data = """{"actor":"RU","counterpart":"zz","list":"F\u200bTO","authority":"Court\u202e of appeal","reference":null}""";
        Assert.Equal(1, await Sql(store, "INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) " +
            $"SELECT '33333333-3333-4333-8333-333333333333', 'relationship-RU~zz', 0, 'DesignationImposed', '{data}', metadata, recorded_at FROM events WHERE position = 1"));
        await Resealed.RowsAsync(store, "id_of(event_id) = '33333333-3333-4333-8333-333333333333'");
        await Sql(store, "COMMIT");
    }

    private static async Task<int> Sql(SqliteConnection store, string sql)
    {
        await using var command = store.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
