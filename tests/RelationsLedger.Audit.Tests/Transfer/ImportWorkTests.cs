using System.Text;
using System.Text.Json.Nodes;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Hosting;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// Issue #16, goal 3 — an import's work follows the file, not the store: on a store that finds events by id, the
/// file's ids are looked up instead of the whole log read, and a line already recorded is settled by its id without
/// loading its stream. A store that cannot find events by id (KurrentDB's case: here the same SQLite file with that
/// ability hidden) reads its log once instead, and every outcome is the same.
/// </summary>
public sealed class ImportWorkTests(FoundingExport.Whole export) : IClassFixture<FoundingExport.Whole>, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly IReadOnlyList<string> _lines = export.Lines;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Importing_an_export_again_reads_neither_the_log_nor_any_stream()
    {
        await using var target = await CountedTarget.OpenAsync(_folder.File("again.db"), findsById: true);
        var first = await target.ImportAsync(_lines);
        Assert.Equal(_lines.Count, first.Imported);

        target.Store.Reset();
        var again = await target.ImportAsync(_lines);

        Assert.Equal((0, _lines.Count), (again.Imported, again.AlreadyPresent));
        Assert.Equal(0, target.Store.LogReads);
        Assert.Equal(0, target.Store.StreamReads);
        Assert.True(target.Store.Lookups > 0, "the file's ids were looked up");
    }

    [Fact]
    public async Task New_events_read_only_the_streams_they_go_to()
    {
        var ruTaliban = _lines.Where(l => l.Contains(TestLedger.RussiaTaliban, StringComparison.Ordinal)).ToList();
        var usAfghanistan = _lines.Except(ruTaliban).ToList();
        Assert.NotEmpty(usAfghanistan);
        await using var target = await CountedTarget.OpenAsync(_folder.File("new.db"), findsById: true);
        await target.ImportAsync(usAfghanistan);

        target.Store.Reset();
        var result = await target.ImportAsync(_lines);

        Assert.Equal((ruTaliban.Count, usAfghanistan.Count), (result.Imported, result.AlreadyPresent));
        Assert.Equal(0, target.Store.LogReads);
        Assert.Equal([TestLedger.RussiaTaliban], target.Store.StreamsRead);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_recorded_id_reused_in_another_stream_is_refused_whether_ids_are_looked_up_or_the_log_is_read(bool findsById)
    {
        await using var target = await CountedTarget.OpenAsync(_folder.File($"reused-{findsById}.db"), findsById);
        await target.ImportAsync(_lines);
        var taken = Guid.Parse(JsonNode.Parse(_lines.First(l => l.Contains(TestLedger.UsAfghanistan, StringComparison.Ordinal)))!["eventId"]!.GetValue<string>());
        var last = JsonNode.Parse(_lines.Last(l => l.Contains(TestLedger.RussiaTaliban, StringComparison.Ordinal)))!.AsObject();
        var forged = Forge.Event(TestLedger.RussiaTaliban, new StatementMade("RU", "taliban", "A. Person", Stance.Neutral, "Said something."),
            "2025-06", last["metadata"]!["hash"]!.GetValue<string>(), taken);
        var line = Forge.Line(forged, TestLedger.RussiaTaliban, last["revision"]!.GetValue<long>() + 1, last["recordedAt"]!.GetValue<string>());
        var rowsBefore = (await target.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).ToListAsync()).Count;
        target.Store.Reset();

        var ruTaliban = _lines.Where(l => l.Contains(TestLedger.RussiaTaliban, StringComparison.Ordinal)).ToList();
        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => target.ImportAsync([.. ruTaliban, line]));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((ruTaliban.Count + 1, "eventId"), (error.Line, error.Field));
        Assert.Contains($"is already recorded, in {TestLedger.UsAfghanistan} at revision 0, with different content (another stream)", error.Message);
        Assert.Equal(!findsById, target.Store.LogReads > 0); // the log is read only by a store that cannot look ids up
        Assert.Equal(rowsBefore, (await target.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).ToListAsync()).Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_recorded_id_given_other_content_at_its_own_place_is_refused_not_taken_as_already_present(bool findsById)
    {
        // The line claims the recorded event's id, stream, revision, previous hash and times; only its content (resealed, so its
        // own hash holds) is another. Taken as "already present", the import would say the file is in the store when it is not.
        await using var target = await CountedTarget.OpenAsync(_folder.File($"other-content-{findsById}.db"), findsById);
        await target.ImportAsync(_lines);
        var ruTaliban = _lines.Where(l => l.Contains(TestLedger.RussiaTaliban, StringComparison.Ordinal)).ToList();
        var last = JsonNode.Parse(ruTaliban[^1])!.AsObject();
        var forged = Forge.Event(TestLedger.RussiaTaliban, new StatementMade("RU", "taliban", "A. Person", Stance.Neutral, "Said something else."),
            "2025-06", last["metadata"]!["previousHash"]!.GetValue<string>(), Guid.Parse(last["eventId"]!.GetValue<string>()));
        var line = Forge.Line(forged, TestLedger.RussiaTaliban, last["revision"]!.GetValue<long>(), last["recordedAt"]!.GetValue<string>());
        var rowsBefore = (await target.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).ToListAsync()).Count;

        var refused = await Assert.ThrowsAsync<ImportRejectedException>(() => target.ImportAsync([.. ruTaliban[..^1], line]));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((ruTaliban.Count, "eventId"), (error.Line, error.Field));
        Assert.Contains($"is already recorded, in {TestLedger.RussiaTaliban} at revision {last["revision"]}, with different content (hash {last["metadata"]!["hash"]}, not {forged.Hash})", error.Message);
        Assert.Equal(rowsBefore, (await target.Store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).ToListAsync()).Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Only_a_store_that_cannot_find_ids_reads_its_log_first_and_says_how_far(bool findsById)
    {
        await using var target = await CountedTarget.OpenAsync(_folder.File($"progress-{findsById}.db"), findsById);
        await target.ImportAsync(_lines);
        var reports = new Reports();

        await target.ImportAsync(_lines, reports);

        var readingLog = reports.All.Where(r => r.Phase == ImportPhase.ReadingLog).ToList();
        if (findsById) Assert.Empty(readingLog);
        else Assert.Equal(new ImportProgress(ImportPhase.ReadingLog, _lines.Count, _lines.Count), readingLog[^1]);
        Assert.Contains(reports.All, r => r.Phase == ImportPhase.Checking);
    }

    /// <summary>Keeps every report as it is made (<see cref="Progress{T}"/> would hand them to the thread pool).</summary>
    private sealed class Reports : IProgress<ImportProgress>
    {
        public List<ImportProgress> All { get; } = [];
        public void Report(ImportProgress value) { lock (All) All.Add(value); }
    }

    /// <summary>A real SQLite store behind a counter of what the import reads; the ledger's services on it.</summary>
    private sealed class CountedTarget : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private CountedTarget(CountingStore store, ServiceProvider services) => (Store, _services) = (store, services);

        public CountingStore Store { get; }

        public static async Task<CountedTarget> OpenAsync(string path, bool findsById)
        {
            var inner = await SqliteEventStore.OpenAsync(path);
            var store = findsById ? new IndexedCountingStore(inner) : new CountingStore(inner);
            return new(store, LedgerServices.Build(store, path + ".projections.db", ownsStore: true));
        }

        public async Task<ImportResult> ImportAsync(IEnumerable<string> lines, IProgress<ImportProgress>? progress = null)
        {
            using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
            using var scope = _services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportEvents(input, input.Length, progress));
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }

    /// <summary>Counts the reads an import makes of the log and of streams.</summary>
    private class CountingStore(SqliteEventStore inner) : DelegatingStore(inner)
    {
        protected SqliteEventStore Sqlite { get; } = inner;

        public int LogReads { get; private set; }
        public int StreamReads => StreamsRead.Count;
        public List<string> StreamsRead { get; } = [];
        public int Lookups { get; protected set; }

        public void Reset()
        {
            (LogReads, Lookups) = (0, 0);
            StreamsRead.Clear();
        }

        public override IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, CancellationToken ct = default)
        {
            if (!StreamsRead.Contains(stream)) StreamsRead.Add(stream);
            return base.ReadStreamAsync(stream, direction, from, maxCount, ct);
        }

        public override IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, StreamFilter filter, CancellationToken ct = default)
        {
            LogReads++;
            return base.ReadAllAsync(after, maxCount, filter, ct);
        }
    }

    /// <summary>The same, for a store that finds events by id (the embedded store's own ability, passed through).</summary>
    private sealed class IndexedCountingStore(SqliteEventStore inner) : CountingStore(inner), IFindsEventsById
    {
        public IAsyncEnumerable<RecordedEvent> FindEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken ct = default)
        {
            Lookups++;
            return Sqlite.FindEventsAsync(eventIds, ct);
        }
    }
}
