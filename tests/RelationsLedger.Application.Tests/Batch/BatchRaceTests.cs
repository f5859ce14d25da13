using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Batch;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Hosting;
using RelationsLedger.Store.Sqlite;
using static RelationsLedger.Application.Tests.Batch.CubaBatch;

namespace RelationsLedger.Application.Tests.Batch;

/// <summary>
/// A batch that loses the race to another writer between its read and its append: it reads again and decides again,
/// on the real embedded store — accepted at the later revisions when still consistent, refused when not.
/// </summary>
public sealed class BatchRaceTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private InterleavingStore _store = null!;
    private ServiceProvider _services = null!;
    private ServiceProvider _elsewhere = null!; // another process's writer on the same store: no write turn of this process holds it back
    private readonly List<Recorded> _singles = [];

    public async Task InitializeAsync()
    {
        _store = new InterleavingStore(await SqliteEventStore.OpenAsync(_folder.File("ledger.db")));
        _services = LedgerServices.Build(_store, _folder.File("ledger.projections.db"));
        _elsewhere = LedgerServices.Build(_store, _folder.File("elsewhere.projections.db"));
        foreach (var single in Singles) _singles.Add(await SendAsync(single));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _elsewhere.DisposeAsync();
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    private Task<T> SendAsync<T>(IRequest<T> request) => SendAsync(_services, request);

    private static async Task<T> SendAsync<T>(ServiceProvider services, IRequest<T> request)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    [Fact]
    public async Task A_batch_that_loses_the_race_reads_again_and_lands_after_the_other_writer()
    {
        var other = TestLedger.Sourced(new PledgeCooperation("US", "CU", "migration"), "2016");
        _store.Before = async () => await SendAsync(other);
        var recorded = await SendAsync(Read(PairNdjson(Guid.NewGuid(), Guid.NewGuid())));
        Assert.Equal(2, _store.ManyAppends); // lost once, then appended
        Assert.Equal([4UL, 5UL], recorded.Items.Select(i => i.Revision));
        var stream = await new RelationshipRepository(_store).LoadAsync(RelationshipKey.Of("US", "CU"));
        Assert.Equal(other.CommandId, stream.Events[3].EventId);
    }

    [Fact]
    public async Task A_batch_that_the_other_writer_made_inconsistent_is_refused_on_its_second_decision_and_writes_nothing()
    {
        // The other writer corrects the rescission of 2015 to 2022: consistent on its own, but then Cuba is still
        // designated on 2021-01-12 and the batch's designation that day would be a second one.
        var rescission = _singles[1].EventId;
        _store.Before = async () => await SendAsync(TestLedger.Provenanced(
            new CorrectEntry("US", "CU", rescission.ToString(), "The rescission took effect in 2022.", "2022-01-01")));
        var refused = await Assert.ThrowsAsync<BatchRefusedException>(() => SendAsync(Read(PairNdjson(Guid.NewGuid(), Guid.NewGuid()))));
        Assert.Equal(["line 1", "line 2"], refused.Refused.Select(r => r.Item));
        Assert.Contains("already designates", refused.Refused[0].Conflict.Message);
        Assert.Contains("it ended on 2022-01-01", refused.Refused[1].Conflict.Message); // judged without the refused line 1
        Assert.Equal(1, _store.ManyAppends); // the first try lost the race; the second decision refused before appending
        var stream = await new RelationshipRepository(_store).LoadAsync(RelationshipKey.Of("US", "CU"));
        Assert.Equal(4, stream.Count); // three singles and the correction: nothing of the batch
    }

    [Fact]
    public async Task A_batch_that_loses_every_race_gives_up_after_ten_tries_with_nothing_recorded()
    {
        var batch = Read(PairNdjson(Guid.NewGuid(), Guid.NewGuid()));
        AnotherWriterIsAlwaysFirst();
        var gaveUp = await Assert.ThrowsAsync<StoreUnavailableException>(() => SendAsync(batch));
        Assert.Contains("relationship-CU~US between this writer's read and its append 10 times in a row", gaveUp.Message);
        Assert.Contains("nothing was recorded", gaveUp.Message);
        Assert.False(gaveUp.OutcomeUnknown);
        Assert.Equal(LostRaces.MaxAttempts, _store.ManyAppends);
        await AssertOnlyTheOtherWriterRecordedAsync(batch.Items.Select(i => i.Command.CommandId));
    }

    [Fact]
    public async Task A_command_that_loses_every_race_gives_up_after_ten_tries_with_nothing_recorded()
    {
        var command = TestLedger.Sourced(new PledgeCooperation("US", "CU", "migration"), "2016");
        AnotherWriterIsAlwaysFirst();
        var gaveUp = await Assert.ThrowsAsync<StoreUnavailableException>(() => SendAsync(command));
        Assert.Contains("10 times in a row", gaveUp.Message);
        await AssertOnlyTheOtherWriterRecordedAsync([command.CommandId]);
    }

    /// <summary>
    /// Before each of this writer's appends a writer of another process records a statement on the same relationship: every
    /// race is lost, also once this writer holds the relationship's write turn (it holds back only the writers of its process).
    /// </summary>
    private void AnotherWriterIsAlwaysFirst()
    {
        Func<Task>? first = null;
        first = async () =>
        {
            await SendAsync(_elsewhere, TestLedger.Sourced(new MakeStatement("US", "CU", "Spokesperson", "neutral", $"statement {Guid.NewGuid():N}"), "2016"));
            _store.Before = first;
        };
        _store.Before = first;
    }

    /// <summary>The three singles and one statement of the other writer per lost race (ten): nothing of <paramref name="ids"/>.</summary>
    private async Task AssertOnlyTheOtherWriterRecordedAsync(IEnumerable<Guid> ids)
    {
        _store.Before = null;
        var stream = await new RelationshipRepository(_store).LoadAsync(RelationshipKey.Of("US", "CU"));
        Assert.Equal(3 + LostRaces.MaxAttempts, stream.Count);
        Assert.All(ids, id => Assert.Null(stream.Find(id)));
    }
}
