using System.Net;
using FeedConsumer;
using RelationsLedger.Application.Commands.Cooperation;

namespace RelationsLedger.Api.Tests;

/// <summary>
/// The embedded store's file replaced under an open stream (a restore from a backup, recorded into since by another
/// process): the stream ends rather than go on delivering the other history's events as if they followed the last one
/// it sent. Before: the stream sent the event at the position after its last one in the restored file — another event
/// of another history — and never the ones the restore put at the positions it had passed.
/// </summary>
public sealed class FeedReplacedLogTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> RecordAsync(string summary)
    {
        using var response = await _server.RecordAsync("make-statement", Bodies.Statement("RU", "AF", summary));
        return (string)(await response.ReadJsonAsync(HttpStatusCode.Created))["globalPosition"]!;
    }

    [Fact]
    public async Task A_stream_whose_store_file_is_put_back_from_a_backup_and_recorded_into_elsewhere_ends_and_sends_no_event_of_that_history()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (ours, backup, stream, received) = await FiveEventsReadAfterABackupOfThreeAsync(cts.Token);

        // The backup put in place, and another process records three events into it: positions 4–6, other events.
        LedgerFiles.PutInPlace(backup, _server.StorePath);
        var elsewhere = new List<Guid>();
        await using (var other = await TestLedger.OpenAsync(_server.StorePath))
            for (var i = 0; i < 3; i++)
                elsewhere.Add((await other.RecordAsync(TestLedger.Sourced(new HoldEngagement("RU", "AF", "talks", $"after the restore {i}"), "2025-05"))).EventId);

        var (after, ended) = await TheRestAsync(stream, cts);
        Assert.Empty(after.Select(m => $"{m.Id} {m.Data.GetProperty("eventId")}"));
        Assert.True(ended, "the stream stayed open on the other history");

        // Resuming with the checkpoint the consumer kept is refused, naming why.
        using var resume = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in new LedgerFeed(_server.Reader).ReadAsync(received[^1].Id, received[^1].Data.GetProperty("eventId").GetString(), resume.Token)) break;
        });
        Assert.Contains("is not the event at 'after'", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The backup put back under an open stream and not recorded into: the log now ends before the event the stream last sent.
    /// The stream ends, as when another event is there, so that its client's reconnect is told why. Before round 66 it stayed
    /// open for ever, sending heartbeats as an idle stream does, while a new connection with the same checkpoint was refused at
    /// once as beyond the end of the log: a consumer kept connected could not tell its checkpoint had become one from the future.
    /// </summary>
    [Fact]
    public async Task A_stream_whose_store_file_is_put_back_from_a_backup_older_than_its_last_event_ends_rather_than_wait_and_its_checkpoint_is_refused_naming_where_the_log_ends()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (ours, backup, stream, received) = await FiveEventsReadAfterABackupOfThreeAsync(cts.Token);

        LedgerFiles.PutInPlace(backup, _server.StorePath);
        var (after, ended) = await TheRestAsync(stream, cts);
        Assert.Empty(after.Select(m => m.Id));
        Assert.True(ended, "the stream waited, sending heartbeats, on a log that ends before the event it last sent");
        Assert.Contains("is no longer the one this subscription was reading", _server.Log.ToString(), StringComparison.Ordinal);

        // The checkpoint is now one from the future: its refusal says where this log ends, checked (the stream's id:, a page's
        // next) as unchecked — before round 66 the checked form said only "recorded into since", of a copy that was not.
        var (position, eventId) = (received[^1].Position, received[^1].Data.GetProperty("eventId").GetString());
        using var resume = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in new LedgerFeed(_server.Reader).ReadAsync(received[^1].Id, eventId, resume.Token)) break;
        });
        Assert.Contains($"The log ends before it (its last position is {ours[2]})", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("recorded into since", refused.Message, StringComparison.Ordinal);
        using var page = await _server.Reader.GetAsync($"/events?after={position}&afterEventId={eventId}");
        var problem = await page.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith($"'afterEventId' {eventId} is not the event at 'after' {position}: no event is there. The log ends before it (its last position is {ours[2]}): " +
            "this log is not the one the checkpoint was taken from (a store put back from a copy older than the checkpoint", (string)problem["errors"]!["afterEventId"]![0]!, StringComparison.Ordinal);
        using var byPosition = await _server.Reader.GetAsync($"/events?after={position}");
        Assert.Equal($"'after' {position} is beyond the end of the log (its last position is {ours[2]}): it is not a position this ledger's feed gave out.",
            (string)(await byPosition.ReadJsonAsync(HttpStatusCode.BadRequest))["errors"]!["after"]![0]!);
    }

    /// <summary>
    /// Three events recorded, the store copied to a backup, two more recorded; a stream opened from the start has sent all five,
    /// and is left open.
    /// </summary>
    private async Task<(List<string> Ours, string Backup, IAsyncEnumerator<FeedMessage> Stream, List<FeedMessage> Received)> FiveEventsReadAfterABackupOfThreeAsync(CancellationToken ct)
    {
        var ours = new List<string>();
        for (var i = 0; i < 3; i++) ours.Add(await RecordAsync($"kept {i}"));
        var backup = Path.Combine(_server.Folder, "backup.db");
        await LedgerFiles.CopyAsync(_server.StorePath, backup);
        for (var i = 0; i < 2; i++) ours.Add(await RecordAsync($"lost {i}"));

        var stream = new LedgerFeed(_server.Reader).ReadAsync(null, ct: ct).GetAsyncEnumerator(ct);
        var received = new List<FeedMessage>();
        while (received.Count < ours.Count && await stream.MoveNextAsync())
            if (!stream.Current.IsHeartbeat) received.Add(stream.Current);
        Assert.Equal(ours, received.Select(m => m.Position));
        return (ours, backup, stream, received);
    }

    /// <summary>What the stream sends within 20 seconds (the subscription looks at the file at least every 250 ms; 20 s for a loaded CI), and whether it ended.</summary>
    private static async Task<(List<FeedMessage> Sent, bool Ended)> TheRestAsync(IAsyncEnumerator<FeedMessage> stream, CancellationTokenSource cts)
    {
        var sent = new List<FeedMessage>();
        var ended = false;
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            while (await stream.MoveNextAsync())
                if (!stream.Current.IsHeartbeat) sent.Add(stream.Current);
            ended = true;
        }
        catch (OperationCanceledException)
        {
        }
        await stream.DisposeAsync();
        return (sent, ended);
    }
}
