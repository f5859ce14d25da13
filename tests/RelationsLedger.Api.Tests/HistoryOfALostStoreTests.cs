using System.Net;
using RelationsLedger.Application.Commands.Cooperation;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// A relationship's history that the server keeps (its history cache, filled by a command or a question) of events the store
/// no longer holds — rows deleted from the embedded store's file, an older copy put in its place, one recorded into since by
/// another process — is refused by <c>GET …/history</c> and <c>GET …/audit</c> as such (409 ledger-tampered, naming the
/// revision and event), never listed. Before round 67 both went on answering 200 with the cached events — those the store had
/// lost among them — until the server restarted, while the read model's answers and the feed said the store as it now is.
/// </summary>
public sealed class HistoryOfALostStoreTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Five events of RU~AF, the store copied to a backup after the third, and another relationship's event last; the history read (and cached) whole.</summary>
    private async Task<(string Backup, List<string> Ids)> FiveEventsAndABackupOfThreeAsync()
    {
        var ids = new List<string>();
        var backup = Path.Combine(_server.Folder, "backup.db");
        for (var i = 0; i < 5; i++)
        {
            if (i == 3) await LedgerFiles.CopyAsync(_server.StorePath, backup);
            using var recorded = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", $"statement {i}"));
            ids.Add((string)(await recorded.ReadJsonAsync(HttpStatusCode.Created))["eventId"]!);
        }
        using (var other = await _server.RecordAsync("make-statement", Bodies.Statement("US", "FR", "after"))) await other.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(ids, (await _server.GetJsonAsync("/relationships/RU/AF/history")).AsArray().Select(e => (string)e!["eventId"]!));
        return (backup, ids);
    }

    private async Task<string> RefusedAsync(string path)
    {
        using var response = await _server.Reader.GetAsync(path);
        var problem = await response.ReadJsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:relationsledger:problem:ledger-tampered", (string?)problem["type"]);
        return (string)problem["detail"]!;
    }

    [Fact]
    public async Task Rows_deleted_from_the_end_of_a_stream_the_server_has_read_are_refused_as_removed_not_listed()
    {
        var (_, ids) = await FiveEventsAndABackupOfThreeAsync();
        await LedgerFiles.ExecuteAsync(_server.StorePath, "DELETE FROM events WHERE stream = 'relationship-AF~RU' AND revision >= 3");

        foreach (var path in (string[])["/relationships/RU/AF/history", "/relationships/RU/AF/audit"])
            Assert.StartsWith("Stream 'relationship-AF~RU' now ends at revision 2, before revision 4 that this process has read from it: " +
                "events were removed from the store", await RefusedAsync(path), StringComparison.Ordinal);
        using var response = await _server.Reader.GetAsync("/relationships/RU/AF/history");
        var finding = (string)Assert.Single((await response.ReadJsonAsync(HttpStatusCode.Conflict))["findings"]!.AsArray())!;
        Assert.StartsWith($"REMOVED: relationship-AF~RU revision 3, event {ids[3]} (position 4): the store no longer holds it", finding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_copy_put_in_the_store_files_place_is_refused_as_removed_not_listed()
    {
        var (backup, _) = await FiveEventsAndABackupOfThreeAsync();
        LedgerFiles.PutInPlace(backup, _server.StorePath);

        Assert.StartsWith("Stream 'relationship-AF~RU' now ends at revision 2, before revision 4 that this process has read from it",
            await RefusedAsync("/relationships/RU/AF/history"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_copy_recorded_into_by_another_process_is_refused_naming_the_other_event_where_the_read_one_was()
    {
        var (backup, ids) = await FiveEventsAndABackupOfThreeAsync();
        LedgerFiles.PutInPlace(backup, _server.StorePath);
        var elsewhere = new List<Guid>();
        await using (var other = await TestLedger.OpenAsync(_server.StorePath))
            for (var i = 0; i < 3; i++)
                elsewhere.Add((await other.RecordAsync(TestLedger.Sourced(new HoldEngagement("RU", "AF", "talks", $"after the restore {i}"), "2025-05"))).EventId);

        foreach (var path in (string[])["/relationships/RU/AF/history", "/relationships/RU/AF/audit"])
            Assert.StartsWith($"Stream 'relationship-AF~RU' now holds event {elsewhere[1]:D} (position 5) at revision 4, where this process read event " +
                $"{ids[4]} (position 5): the store is not the one this process read", await RefusedAsync(path), StringComparison.Ordinal);
    }
}
