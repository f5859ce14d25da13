using System.Threading.Channels;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// Keeps a read model live on a catch-up subscription to the log: events are applied as they are
/// appended, a batch committed when it is full or when <see cref="ProjectionOptions.LiveWindow"/> has passed since its first
/// event (at once when the window is zero and no further event is waiting). Each batch goes
/// through the runner (<paramref name="apply"/>), so it never races a catch-up in the same process.
/// </summary>
internal sealed class LiveProjection(IEventStore store, ProjectionOptions options, Func<List<RecordedEvent>, CancellationToken, Task> apply)
{
    public async Task RunAsync(GlobalPosition? from, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<RecordedEvent>(options.BatchSize * 2);
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in store.SubscribeToAllAsync(from, StreamFilter.RelationshipsAndTombstones, ct)) await channel.Writer.WriteAsync(e, ct);
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e is OperationCanceledException ? null : e);
            }
        }, ct);
        try
        {
            while (await channel.Reader.WaitToReadAsync(ct))
            {
                var page = new List<RecordedEvent>();
                Take(channel.Reader, page);
                await WaitForMoreAsync(channel.Reader, page, ct);
                await apply(page, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Take(ChannelReader<RecordedEvent> reader, List<RecordedEvent> page)
    {
        while (page.Count < options.BatchSize && reader.TryRead(out var e)) page.Add(e);
    }

    /// <summary>
    /// Lets the events appended within <see cref="ProjectionOptions.LiveWindow"/> join the page, until it is full. Under
    /// concurrent writers the log grows a group commit of a few events at a time, and a transaction of the read model per group
    /// wrote the same pages again each time: the live read model was ~40 % of a served command's CPU, and wrote 1.87× the
    /// store's pages (docs/performance.md, round 30). The window ends early when
    /// the page is full or the subscription ends (its end or failure is then met by the next wait for a page).
    /// </summary>
    private async Task WaitForMoreAsync(ChannelReader<RecordedEvent> reader, List<RecordedEvent> page, CancellationToken ct)
    {
        if (options.LiveWindow <= TimeSpan.Zero || page.Count >= options.BatchSize) return;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(options.LiveWindow);
        try
        {
            while (page.Count < options.BatchSize && await reader.WaitToReadAsync(window.Token)) Take(reader, page);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The window has passed: apply what came.
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The subscription failed: apply what it delivered before; the next wait for a page reports its failure.
        }
    }
}
