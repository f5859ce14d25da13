using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Hosting;
using RelationsLedger.Store.Sqlite;
using static RelationsLedger.Application.Tests.Batch.CubaBatch;

namespace RelationsLedger.Application.Tests.Batch;

/// <summary>
/// A batch whose append is recorded but whose answer is lost (a KurrentDB node that wrote it and died before answering: the
/// store raises a failure of unknown outcome, in words that say only that). The batch says what to retry with: the same batch,
/// whose commands are found by their ids — or, when some commands gave no id, which ones would be recorded twice by the same
/// batch again, and how to find what was recorded. Before round 57 the store's own words said "Retry with the same command id"
/// of every such append, and a batch file without ids retried as told recorded its facts twice. On the real embedded store;
/// only the answer is lost.
/// </summary>
public sealed class BatchOutcomeUnknownTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private AnswerLosingStore _store = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _store = new AnswerLosingStore(await SqliteEventStore.OpenAsync(_folder.File("ledger.db")));
        _services = LedgerServices.Build(_store, _folder.File("ledger.projections.db"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<BatchRecorded> SendAsync(RecordBatch batch)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(batch);
    }

    [Fact]
    public async Task A_batch_with_its_ids_is_told_to_retry_the_same_batch_and_the_retry_records_nothing_twice()
    {
        var json = PairNdjson(Guid.NewGuid(), Guid.NewGuid());
        _store.LoseNextAnswer = true;
        var unknown = await Assert.ThrowsAsync<StoreUnavailableException>(() => SendAsync(Read(json)));

        Assert.True(unknown.OutcomeUnknown);
        Assert.EndsWith($"may or may not have been recorded. {BatchRetry.SameIds}", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(BatchRetry.SameIds, unknown.Advice);
        var again = await SendAsync(Read(json));
        Assert.Equal([true, true], again.Items.Select(i => i.AlreadyRecorded));
        Assert.Equal(2, (await new RelationshipRepository(_store).LoadAsync(RelationshipKey.Of("US", "CU"))).Count);
    }

    [Fact]
    public async Task A_batch_whose_commands_gave_no_id_names_them_and_the_correlation_id_that_finds_what_was_recorded()
    {
        // The pair without its commandIds: each reading of the file gives them new ones.
        var json = string.Join('\n', PairNdjson(Guid.NewGuid(), Guid.NewGuid()).Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"commandId\": \"[0-9a-f-]+\", ", "")));
        var batch = Read(json);
        _store.LoseNextAnswer = true;
        var unknown = await Assert.ThrowsAsync<StoreUnavailableException>(() => SendAsync(batch));

        Assert.Contains("2 of its 2 commands gave no commandId (line 1, line 2)", unknown.Message, StringComparison.Ordinal);
        Assert.Contains($"ledger history --correlation-id {batch.CorrelationId}", unknown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Retry with the same command id", unknown.Message, StringComparison.Ordinal);
        var recorded = await new RelationshipRepository(_store).LoadAsync(RelationshipKey.Of("US", "CU"));
        Assert.All(recorded.Events, e => Assert.Equal(batch.CorrelationId, e.Envelope.CorrelationId)); // what the advice finds them by
    }

    /// <summary>Appends, and then answers as a node that wrote the events and died before answering.</summary>
    private sealed class AnswerLosingStore(SqliteEventStore inner) : DelegatingStore(inner)
    {
        public bool LoseNextAnswer { get; set; }

        public override async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
        {
            var results = await base.AppendManyAsync(appends, ct);
            if (!LoseNextAnswer) return results;
            LoseNextAnswer = false;
            throw new StoreUnavailableException($"the test's store did not answer while appending to stream '{appends[0].Stream}': the outcome is unknown, " +
                "the events may or may not have been recorded.") { OutcomeUnknown = true };
        }
    }
}
