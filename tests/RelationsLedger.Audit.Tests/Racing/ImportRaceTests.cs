using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Storage;
using RelationsLedger.Audit.Tests.Transfer;
using RelationsLedger.Hosting;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Audit.Tests.Racing;

/// <summary>
/// Two imports of one export into one store at once — two operators, or a retry started while the first run is still
/// going — each as a process of its own (its own store instance and services). Found by running two `ledger import`s of
/// the same file together: the second was refused with exit 2, "the file is wrong throughout", each line said to
/// conflict with "another event (event … is not recorded)" — that very event, recorded by the first import between the
/// second's look-up of its ids and its read of the stream. The other writer's moment is steered here, so the race is met
/// on every run: on a store that finds events by id (the embedded store) and on one whose log is read at the start
/// (KurrentDB's way, here the same file with that ability hidden).
/// </summary>
public sealed class ImportRaceTests : IDisposable
{
    private const int Relationships = 3, PerRelationship = 5;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_import_whose_events_another_import_records_while_it_checks_them_finds_them_recorded_not_the_file_wrong(bool findsById)
    {
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        var path = _folder.File("target.db");
        await using var other = await TestLedger.OpenAsync(path);
        await using var target = await SteeredTarget.OpenAsync(path, findsById);
        target.Store.BeforeFirstStreamRead = async () => await other.Send(new ImportEvents(new MemoryStream(file), file.Length));

        var result = await target.ImportAsync(file);

        Assert.True(target.Store.Steered, "the other import never ran");
        Assert.Equal(0, result.Imported);
        Assert.Equal(Relationships * PerRelationship, result.AlreadyPresent);
        var verified = await other.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        Assert.Equal(Relationships * PerRelationship, verified.Events);
    }

    [Fact]
    public async Task An_import_whose_events_another_import_appended_after_both_checked_them_counts_them_as_already_recorded()
    {
        // Both checks passed before either appended: the second append is the store's repeat of the first (the same ids at
        // the same revisions), which records nothing. It used to be reported as 15 events imported into 3 streams.
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        var path = _folder.File("target.db");
        await using var other = await TestLedger.OpenAsync(path);
        await using var target = await SteeredTarget.OpenAsync(path, findsById: true);
        target.Store.BeforeAppend = async () => await other.Send(new ImportEvents(new MemoryStream(file), file.Length));

        var result = await target.ImportAsync(file);

        Assert.True(target.Store.Steered, "the other import never ran");
        Assert.Equal((0, Relationships * PerRelationship, 0), (result.Imported, result.AlreadyPresent, result.Streams));
        var verified = await other.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        Assert.Equal(Relationships * PerRelationship, verified.Events);
    }

    private sealed class SteeredTarget : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private SteeredTarget(SteeredStore store, ServiceProvider services) => (Store, _services) = (store, services);

        public SteeredStore Store { get; }

        public static async Task<SteeredTarget> OpenAsync(string path, bool findsById)
        {
            var inner = await SqliteEventStore.OpenAsync(path);
            var store = findsById ? new IndexedSteeredStore(inner) : new SteeredStore(inner);
            return new(store, LedgerServices.Build(store, path + ".steered.projections.db", ownsStore: true));
        }

        public async Task<ImportResult> ImportAsync(byte[] file)
        {
            using var scope = _services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportEvents(new MemoryStream(file), file.Length));
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }

    /// <summary>The embedded store, with another writer let in once: before the first read of a relationship's stream, or before the first append.</summary>
    private class SteeredStore(SqliteEventStore inner) : DelegatingStore(inner)
    {
        protected SqliteEventStore Sqlite { get; } = inner;

        public Func<Task>? BeforeFirstStreamRead { get; set; }
        public Func<Task>? BeforeAppend { get; set; }
        public bool Steered { get; private set; }

        public override async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
        {
            if (stream.StartsWith("relationship-", StringComparison.Ordinal)) await RunOnce(() => BeforeFirstStreamRead, () => BeforeFirstStreamRead = null);
            await foreach (var e in base.ReadStreamAsync(stream, direction, from, maxCount, ct)) yield return e;
        }

        public override async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
        {
            await RunOnce(() => BeforeAppend, () => BeforeAppend = null);
            return await base.AppendManyAsync(appends, ct);
        }

        private async Task RunOnce(Func<Func<Task>?> get, Action clear)
        {
            if (get() is not { } run) return;
            clear();
            Steered = true;
            await run();
        }
    }

    private sealed class IndexedSteeredStore(SqliteEventStore inner) : SteeredStore(inner), IFindsEventsById
    {
        public IAsyncEnumerable<RecordedEvent> FindEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken ct = default) =>
            Sqlite.FindEventsAsync(eventIds, ct);
    }
}
