using Microsoft.Data.Sqlite;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// The workbench when its read model is not current. Another client of the store appends an event the ledger cannot
/// read (docs/projections.md: the projection stops on it; the API still answers from what is projected and says so in
/// readModel). Before: the page did not say so — the timeline (which replays the log) showed a designation recorded
/// since, and beside it the state panel said "Nothing holds as of this day"; the party page listed the designations
/// without it. Now each answer that is not current carries a warning with the read model's own reason.
/// </summary>
public sealed class StoppedReadModelTests(WorkbenchFixture fixture) : IClassFixture<WorkbenchFixture>
{
    private WorkbenchServer Server => fixture.Server;

    private async Task StopTheReadModelAsync()
    {
        await using (var store = new SqliteConnection($"Data Source={Path.Combine(Server.Folder, "ledger.db")};Pooling=False"))
        {
            await store.OpenAsync();
            await using var insert = store.CreateCommand();
            insert.CommandText = "INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) " +
                "SELECT '11111111-1111-4111-8111-111111111111', 'relationship-RU~zz', 0, type, CAST('{\"broken\":1}' AS BLOB), metadata, recorded_at FROM events WHERE position = 1";
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }
        await Server.RecordAsync("impose-designation", new
        {
            actor = "US", counterpart = "taliban", list = "Specially Designated Global Terrorists", authority = "Department of State",
            effectiveDate = "2024-01-01", recordedBy = "hostile-test", sources = new[] { new { publisher = "P", title = "T" } },
        });
    }

    [SkippableFact]
    public async Task A_state_from_a_read_model_that_is_not_current_says_so()
    {
        await using var s = await fixture.OpenAsync();
        await StopTheReadModelAsync();
        Assert.False((bool)(await Server.GetJsonAsync("/relationships/US/taliban/state?asOf=2024-12-31"))["readModel"]!["isCurrent"]!);

        await s.SignInAsync("#/relationships/US/taliban?asOf=2024-12-31");
        await s.Page.Locator(".span[data-kind=designations]").WaitForAsync(); // the timeline replays the log: it has it
        await s.Page.Locator(".state-panel[data-as-of=\"2024-12-31\"]").WaitForAsync();
        var warning = await s.Page.Locator(".state-panel .stale").InnerTextAsync(new() { Timeout = 5_000 });
        Assert.Contains("Not current", warning, StringComparison.Ordinal);
        Assert.Contains("11111111-1111-4111-8111-111111111111", warning, StringComparison.Ordinal); // the event it stopped on

        await s.Page.GotoAsync($"{Server.Origin}/#/parties/taliban?asOf=2024-12-31");
        await s.Page.Locator(".party-body[data-as-of=\"2024-12-31\"]").WaitForAsync();
        await s.Page.Locator(".party-body .stale").WaitForAsync(new() { Timeout = 5_000 });

        await s.Page.GotoAsync($"{Server.Origin}/#/changes?from=2024-01-01&to=2024-12-31");
        await s.Page.Locator(".changes-body .stale").WaitForAsync(new() { Timeout = 5_000 });
    }
}
