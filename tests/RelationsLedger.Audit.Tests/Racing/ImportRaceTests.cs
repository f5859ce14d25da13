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

    [Theory]
    [InlineData(1, 15, 1)] // one relationship: its 15 lines are one run of the append, cut after its first
    [InlineData(1, 15, 7)]
    [InlineData(1, 15, 14)]
    [InlineData(3, 5, 7)] // lines alternating relationships: runs of one event each, which the store took as repeats before
    public async Task An_import_whose_first_events_another_import_of_part_of_the_file_appended_after_both_checked_appends_the_rest(
        int relationships, int perRelationship, int recordedByOther)
    {
        // Another export of the same ledger that ends earlier, or a re-run started while this import appends (its batches skip
        // what was recorded when it checked, so they start elsewhere in the file): the append holds events that are recorded in
        // their places and events that are not. Found by running `ledger import` of an 8,000-line and a 20,000-line export of
        // one ledger at once: the longer one stopped with exit code 3, "its id is reserved there on the server … so it cannot be
        // recorded in another relationship", of an event recorded in its own relationship at the revision the file gives it.
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), relationships, perRelationship, new DateOnly(1990, 1, 1));
        var part = FirstEvents(file, recordedByOther);
        var path = _folder.File("target.db");
        await using var other = await TestLedger.OpenAsync(path);
        await using var target = await SteeredTarget.OpenAsync(path, findsById: true);
        target.Store.BeforeAppend = async () => await other.Send(new ImportEvents(new MemoryStream(part), part.Length));

        var result = await target.ImportAsync(file);

        Assert.True(target.Store.Steered, "the other import never ran");
        var total = relationships * perRelationship;
        var appendedTo = Math.Min(relationships, total - recordedByOther); // the lines alternate relationships
        Assert.Equal((total - recordedByOther, recordedByOther, appendedTo), (result.Imported, result.AlreadyPresent, result.Streams));
        var verified = await other.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        Assert.Equal(total, verified.Events);
        var again = await target.ImportAsync(file);
        Assert.Equal((0, total), (again.Imported, again.AlreadyPresent));
    }

    [Fact]
    public async Task An_import_whose_relationship_another_writer_gave_other_events_after_the_check_stops_and_writes_nothing_of_the_batch()
    {
        // What is dropped from an append is only the file's own events in their places: another history is not the file's.
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), Relationships, PerRelationship, new DateOnly(1990, 1, 1));
        var otherHistory = await InterleavedExport.MakeAsync(_folder.File("other.db"), 1, 2, new DateOnly(1990, 1, 1));
        var path = _folder.File("target.db");
        await using var other = await TestLedger.OpenAsync(path);
        await using var target = await SteeredTarget.OpenAsync(path, findsById: true);
        target.Store.BeforeAppend = async () => await other.Send(new ImportEvents(new MemoryStream(otherHistory), otherHistory.Length));

        var stopped = await Assert.ThrowsAsync<ImportInterruptedException>(() => target.ImportAsync(file));

        Assert.Equal((ImportStop.AnotherWriter, 0), (stopped.Stop, stopped.Imported));
        Assert.StartsWith("Another writer appended to relationship-RU~org-0 during the import; 0 of 15 events were imported.", stopped.Message);
        var verified = await other.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        Assert.Equal(2, verified.Events); // the other writer's two, nothing of the import's batch
    }

    /// <summary>The export's first <paramref name="count"/> event lines (no end line: a part of the file, as `head` cuts it).</summary>
    internal static byte[] FirstEvents(byte[] export, int count)
    {
        var lines = System.Text.Encoding.UTF8.GetString(export).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > count, "the export has fewer events than asked for");
        return System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(count)) + '\n');
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
