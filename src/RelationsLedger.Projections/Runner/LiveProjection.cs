using System.Threading.Channels;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>
/// Keeps a read model live on a catch-up subscription to the log: events are applied as they are
/// appended, a batch committed when it is full or when no further event is waiting. Each batch goes
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
                while (page.Count < options.BatchSize && channel.Reader.TryRead(out var e)) page.Add(e);
                await apply(page, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
