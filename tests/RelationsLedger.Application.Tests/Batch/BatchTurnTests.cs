using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Storage;
using RelationsLedger.Hosting;
using RelationsLedger.Store.Sqlite;
using static RelationsLedger.Application.Tests.Batch.CubaBatch;

namespace RelationsLedger.Application.Tests.Batch;

/// <summary>
/// A batch across many relationships while writers of the same process keep every one of them busy, on the real embedded
/// store: after <see cref="Commands.Recording.LostRaces.TakeTurnAfter"/> lost races it takes its relationships' write turn,
/// the writers wait, and it is recorded. Before, it lost its race after every pause and ended in "10 times in a row" (a 503
/// over HTTP) in 8–28 % of its tries under such load (docs/performance.md, round 35).
/// </summary>
public sealed class BatchTurnTests : IAsyncLifetime
{
    private const int Relationships = 12, Batches = 60;

    private readonly TempFolder _folder = new();
    private SqliteEventStore _store = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteEventStore.OpenAsync(_folder.File("ledger.db"));
        _services = LedgerServices.Build(_store, _folder.File("ledger.projections.db"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<T> SendAsync<T>(IRequest<T> request)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private static string Counterpart(int relationship) => $"busy-{relationship}";

    private static string Statement(int relationship, string summary) =>
        $$"""{"command": "make-statement", "actor": "RU", "counterpart": "{{Counterpart(relationship)}}", "speaker": "Spokesperson", "stance": "neutral", "summary": "{{summary}}", "effectiveDate": "2024-07", "recordedBy": "analyst", "sources": [{"publisher": "Reuters", "title": "A report", "publishedOn": "2024-07"}]}""";

    [Fact]
    public async Task A_batch_across_relationships_that_writers_of_this_process_keep_busy_is_recorded()
    {
        using var done = new CancellationTokenSource();
        var writing = Enumerable.Range(0, Relationships).Select(_ => new TaskCompletionSource()).ToList();
        // One writer per relationship, recording a statement after another for as long as the batches go on.
        var writers = Enumerable.Range(0, Relationships).Select(r => Task.Run(async () =>
        {
            for (var n = 0; !done.IsCancellationRequested; n++)
            {
                await SendAsync(TestLedger.Sourced(new MakeStatement("RU", Counterpart(r), "Spokesperson", "neutral", $"single {n}"), "2024-07"));
                writing[r].TrySetResult();
            }
        })).ToList();
        var recorded = new List<BatchRecorded>();
        try
        {
            await Task.WhenAll(writing.Select(w => w.Task)); // every relationship busy before the first batch
            for (var b = 0; b < Batches; b++)
                recorded.Add(await SendAsync(Read(string.Join('\n', Enumerable.Range(0, Relationships).Select(r => Statement(r, $"batch {b}"))))));
        }
        finally
        {
            await done.CancelAsync();
            await Task.WhenAll(writers);
        }
        Assert.All(recorded, r => Assert.Equal(Relationships, r.Items.Count(i => !i.AlreadyRecorded)));
        var stream = await new RelationshipRepository(_store).LoadAsync(Domain.Parties.RelationshipKey.Of("RU", Counterpart(0)));
        Assert.Equal(Batches, stream.Events.Count(e => e.Event is Domain.Aspects.StatementMade { Summary: var summary } && summary.StartsWith("batch ", StringComparison.Ordinal)));
    }
}
