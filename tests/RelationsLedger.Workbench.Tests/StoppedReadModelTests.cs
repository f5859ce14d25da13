using Microsoft.Data.Sqlite;
using RelationsLedger.Testing;

namespace RelationsLedger.Workbench.Tests;

/// <summary>
/// The workbench when its read model cannot answer as a clean, current ledger would.
/// <para>
/// Not current: the read model's disk is full (a real tmpfs, <see cref="SmallDisk"/>), so it cannot take the events
/// recorded since; the API still answers from what is projected and says so in readModel. Before the warning, the
/// timeline (which replays the log) showed a designation recorded since, and beside it the state panel said "Nothing
/// holds as of this day".
/// </para>
/// <para>
/// Events passed over: another client of the store appends an event the ledger cannot read to a relationship's stream.
/// The read model passes over it (docs/projections.md, "Failure") and answers across relationships name it. Before, the
/// projection stopped on it for good and every page was "Not current" from then on.
/// </para>
/// </summary>
public sealed class StoppedReadModelTests(WorkbenchFixture fixture) : IClassFixture<WorkbenchFixture>
{
    private const string ForeignEventId = "11111111-1111-4111-8111-111111111111";

    private static readonly object UsDesignatesTaliban = new
    {
        actor = "US", counterpart = "taliban", list = "Specially Designated Global Terrorists", authority = "Department of State",
        effectiveDate = "2024-01-01", recordedBy = "hostile-test", sources = new[] { new { publisher = "P", title = "T" } },
    };

    [SkippableFact]
    public async Task A_state_from_a_read_model_that_is_not_current_says_so()
    {
        SmallDisk.Require();
        using var disk = new SmallDisk(4096);
        await using var server = await WorkbenchServer.StartAsync(readModelFile: disk.File("ledger.projections.db"));
        await using var s = await fixture.OpenAsync(server);
        Assert.True((bool)(await server.GetJsonAsync("/relationships/US/taliban/state?asOf=2024-12-31"))["readModel"]!["isCurrent"]!);
        disk.Fill();
        await server.RecordAsync("impose-designation", UsDesignatesTaliban); // the log is on another disk: recorded
        Assert.False((bool)(await server.GetJsonAsync("/relationships/US/taliban/state?asOf=2024-12-31"))["readModel"]!["isCurrent"]!);

        await s.SignInAsync("#/relationships/US/taliban?asOf=2024-12-31");
        await s.Page.Locator(".span[data-kind=designations]").WaitForAsync(); // the timeline replays the log: it has it
        await s.Page.Locator(".state-panel[data-as-of=\"2024-12-31\"]").WaitForAsync();
        var warning = await s.Page.Locator(".state-panel .stale").InnerTextAsync();
        Assert.Contains("Not current", warning, StringComparison.Ordinal);
        Assert.Contains("disk is full", warning, StringComparison.Ordinal); // the read model's own reason

        await s.Page.GotoAsync($"{server.Origin}/#/parties/taliban?asOf=2024-12-31");
        await s.Page.Locator(".party-body[data-as-of=\"2024-12-31\"]").WaitForAsync();
        await s.Page.Locator(".party-body .stale").WaitForAsync();

        await s.Page.GotoAsync($"{server.Origin}/#/changes?from=2024-01-01&to=2024-12-31");
        await s.Page.Locator(".changes-body .stale").WaitForAsync();
    }

    [SkippableFact]
    public async Task An_event_that_is_not_the_ledgers_is_named_by_the_answers_that_leave_it_out_and_the_rest_stay_current()
    {
        await using var server = await WorkbenchServer.StartAsync();
        await using var s = await fixture.OpenAsync(server);
        await InsertIntoLogAsync(server, ForeignEventId, revision: 0, data: "CAST('{\"broken\":1}' AS BLOB)");
        await server.RecordAsync("impose-designation", UsDesignatesTaliban); // after the foreign event: projected all the same

        var state = await server.GetJsonAsync("/relationships/US/taliban/state?asOf=2024-12-31");
        Assert.True((bool)state["readModel"]!["isCurrent"]!);
        Assert.Null(state["readModel"]!["passedOver"]);
        Assert.Single(state["designations"]!.AsArray());

        await s.SignInAsync("#/relationships/US/taliban?asOf=2024-12-31");
        await s.Page.Locator(".state-panel[data-as-of=\"2024-12-31\"] [data-kind=designations]").First.WaitForAsync();
        Assert.Equal(0, await s.Page.Locator(".state-panel .stale").CountAsync());

        // A party without the foreign event's relationship: nothing to say. One with it: the event is named.
        await s.Page.GotoAsync($"{server.Origin}/#/parties/taliban?asOf=2024-12-31");
        await s.Page.Locator(".party-body[data-as-of=\"2024-12-31\"]").WaitForAsync();
        Assert.Equal(0, await s.Page.Locator(".party-body .stale").CountAsync());
        await s.Page.GotoAsync($"{server.Origin}/#/parties/RU?asOf=2024-12-31");
        await s.Page.Locator(".party-body[data-as-of=\"2024-12-31\"]").WaitForAsync();
        var named = await s.Page.Locator($".party-body .passed-over li[data-event-id=\"{ForeignEventId}\"]").InnerTextAsync();
        Assert.Contains("relationship-RU~zz revision 0", named, StringComparison.Ordinal);
        Assert.Equal(0, await s.Page.Locator(".party-body .stale:not(.passed-over)").CountAsync()); // and it is current

        await s.Page.GotoAsync($"{server.Origin}/#/changes?from=2024-01-01&to=2024-12-31");
        var warning = await s.Page.Locator(".changes-body .passed-over").InnerTextAsync();
        Assert.Contains("leaves out 1 event that is not the ledger's", warning, StringComparison.Ordinal);
        Assert.Contains(ForeignEventId, warning, StringComparison.Ordinal);
        await s.Page.Locator(".changes-body li[data-relationship=\"US~taliban\"]").WaitForAsync();
    }

    [SkippableFact]
    public async Task A_relationship_whose_first_events_are_gone_from_the_log_is_named_as_not_whole()
    {
        await using var server = await WorkbenchServer.StartAsync();
        await using var s = await fixture.OpenAsync(server);
        // A stream the log holds from revision 3 on, as after a KurrentDB scavenge of a truncated stream: a copy of a
        // readable event, sealed for its new stream and id (a copy whose hash fails is refused as not the ledger's), so only
        // the missing revisions make it not whole.
        await InsertIntoLogAsync(server, "22222222-2222-4222-8222-222222222222", revision: 3, data: "data", seal: true);
        await server.RecordAsync("impose-designation", UsDesignatesTaliban); // after it: the read model catches up past it

        await s.SignInAsync("#/parties/RU?asOf=2024-12-31");
        await s.Page.Locator(".party-body[data-as-of=\"2024-12-31\"]").WaitForAsync();
        var warning = await s.Page.Locator(".party-body .passed-over").InnerTextAsync();
        Assert.Contains("leaves out 1 finding of relationships the read model does not hold whole", warning, StringComparison.Ordinal);
        Assert.Contains("relationship-RU~zz (position ", warning, StringComparison.Ordinal);
        Assert.Contains("revisions 0–2 are not in the global log", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("revision 0, event", warning, StringComparison.Ordinal);
    }

    /// <summary>An event written into the log of relationship-RU~zz as another client would: the first event's type, envelope
    /// and time, with this id, revision and data (an SQL expression); <paramref name="seal"/>, with its hash made again for its
    /// new stream and id in the same transaction (the running server's read model must never see it unsealed).</summary>
    private static async Task InsertIntoLogAsync(WorkbenchServer server, string eventId, int revision, string data, bool seal = false)
    {
        await using var store = new SqliteConnection($"Data Source={server.LedgerFile};Pooling=False");
        await store.OpenAsync();
        await Sql(store, "BEGIN IMMEDIATE");
        Assert.Equal(1, await Sql(store, "INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) " +
            $"SELECT '{eventId}', 'relationship-RU~zz', {revision}, type, {data}, metadata, recorded_at FROM events WHERE position = 1"));
        if (seal) await RelationsLedger.Testing.Resealed.RowsAsync(store, $"id_of(event_id) = '{eventId}'");
        await Sql(store, "COMMIT");
    }

    private static async Task<int> Sql(SqliteConnection store, string sql)
    {
        await using var command = store.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
