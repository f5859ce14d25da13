using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Hosting;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Audit.Tests.Transfer;

/// <summary>
/// The import's path for a store without a transaction across streams (KurrentDB's: a window of the file at a time, each
/// relationship's part one append, several in flight; round 56), run here on a real SQLite file seen as such a store, so that
/// CI runs it without a server (KurrentDbImportWindowsTests runs it on one). What it must keep: each relationship's events as
/// the source's; an append whose answer was lost, made again, counted once; an append whose outcome stays unknown stops the
/// import saying what it recorded, without a command's advice to retry by id, and the import run again completes it.
/// </summary>
public sealed class WindowedImportTests : IDisposable
{
    private const int Relationships = 12, PerRelationship = 20, Total = Relationships * PerRelationship;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<byte[]> ExportAsync() => InterleavedExport.SharedAsync(Relationships, PerRelationship, new DateOnly(1991, 1, 1));

    [Fact]
    public async Task An_export_in_log_order_is_appended_a_relationship_at_a_time_and_reads_back_as_the_source()
    {
        var file = await ExportAsync();
        await using var target = await Target.OpenAsync(_folder.File("windows.db"));

        var result = await target.ImportAsync(file);

        Assert.Equal((Total, 0, Relationships), (result.Imported, result.AlreadyPresent, result.Streams));
        Assert.Equal(Relationships, target.Store.Appends); // one window, each relationship's 20 lines one append (before round 56: 240, one a line)
        await using var source = await TestLedger.OpenAsync(_folder.File("source.db"));
        await source.Send(new ImportEvents(new MemoryStream(file), file.Length));
        for (var r = 0; r < Relationships; r++)
        {
            Assert.Equal(HistoryAnswers.Of(await source.Send(new GetHistory("RU", $"org-{r}"))), HistoryAnswers.Of(await target.Send(new GetHistory("RU", $"org-{r}"))));
            var verified = await target.Send(new VerifyLedger("RU", $"org-{r}"));
            Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        }
        var again = await target.ImportAsync(file);
        Assert.Equal((0, Total), (again.Imported, again.AlreadyPresent));
    }

    [Fact]
    public async Task An_append_recorded_though_its_answer_was_lost_is_made_again_and_counted_once()
    {
        var file = await ExportAsync();
        await using var target = await Target.OpenAsync(_folder.File("lost.db"));
        target.Store.LoseAnswersOf(Stream(5), times: 1, recordFirst: true);

        var result = await target.ImportAsync(file);

        Assert.Equal((Total, 0), (result.Imported, result.AlreadyPresent));
        Assert.Equal(PerRelationship, (await target.Send(new GetHistory("RU", "org-5"))).Count);
    }

    [Fact]
    public async Task An_append_whose_outcome_stays_unknown_stops_the_import_saying_what_it_recorded_and_the_import_run_again_completes()
    {
        var file = await ExportAsync();
        await using var target = await Target.OpenAsync(_folder.File("unknown.db"));
        target.Store.LoseAnswersOf(Stream(5), times: ImportAppends.UnknownOutcomeAttempts, recordFirst: false);

        var stopped = await Assert.ThrowsAsync<ImportInterruptedException>(() => target.ImportAsync(file));

        var held = 0;
        for (var r = 0; r < Relationships; r++) held += (await target.Send(new GetHistory("RU", $"org-{r}"))).Count;
        Assert.Equal(held, stopped.Imported);
        Assert.StartsWith($"The import stopped after {held} of {Total} events, which are recorded (in whole appends of a relationship each", stopped.Message);
        Assert.Contains("An append failed: the test's store did not answer while appending to stream 'relationship-RU~org-5': the outcome is unknown", stopped.Message);
        Assert.DoesNotContain("command id", stopped.Message); // a command's advice; an import is run again instead
        Assert.EndsWith("Run the import again once the store can be written: what is recorded is skipped.", stopped.Message);

        var again = await target.ImportAsync(file);
        Assert.Equal((Total - held, held), (again.Imported, again.AlreadyPresent));
    }

    [Fact]
    public async Task An_import_whose_first_events_another_import_of_part_of_the_file_appended_after_it_checked_appends_the_rest()
    {
        // The KurrentDB path's side of ImportRaceTests' case: each relationship's run holds events recorded in their places
        // and events that are not; those recorded are dropped from its append, and the rest appended after them.
        var file = await ExportAsync();
        const int recordedByOther = 100; // not a whole number of lines of each relationship: runs are cut in their middle
        var part = Racing.ImportRaceTests.FirstEvents(file, recordedByOther);
        var path = _folder.File("raced.db");
        await using var other = await TestLedger.OpenAsync(path);
        await using var target = await Target.OpenAsync(path);
        target.Store.LetInBeforeFirstAppend(async () => await other.Send(new ImportEvents(new MemoryStream(part), part.Length)));

        var result = await target.ImportAsync(file);

        Assert.Equal((Total - recordedByOther, recordedByOther, Relationships), (result.Imported, result.AlreadyPresent, result.Streams));
        await using var source = await TestLedger.OpenAsync(_folder.File("source.db"));
        await source.Send(new ImportEvents(new MemoryStream(file), file.Length));
        for (var r = 0; r < Relationships; r++)
            Assert.Equal(HistoryAnswers.Of(await source.Send(new GetHistory("RU", $"org-{r}"))), HistoryAnswers.Of(await target.Send(new GetHistory("RU", $"org-{r}"))));
        var verified = await target.Send(new VerifyLedger());
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        Assert.Equal(Total, verified.Events);
    }

    private static string Stream(int r) => RelationshipKey.Of("RU", $"org-{r}").StreamName;

    private sealed class Target : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private Target(WindowedStore store, ServiceProvider services) => (Store, _services) = (store, services);

        public WindowedStore Store { get; }

        public static async Task<Target> OpenAsync(string path)
        {
            var store = new WindowedStore(await SqliteEventStore.OpenAsync(path));
            return new(store, LedgerServices.Build(store, path + ".projections.db", ownsStore: true));
        }

        public async Task<ImportResult> ImportAsync(byte[] file)
        {
            using var scope = _services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportEvents(new MemoryStream(file), file.Length));
        }

        public async Task<TResult> Send<TResult>(IRequest<TResult> request)
        {
            using var scope = _services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }

    /// <summary>
    /// The SQLite store seen as a store without a transaction across streams, as KurrentDB is; counts the appends to
    /// relationships, and can lose the answer of one stream's appends as a server's deadline does — after recording them, or not.
    /// </summary>
    private sealed class WindowedStore(SqliteEventStore inner) : DelegatingStore(inner)
    {
        private int _appends, _toLose;
        private string? _losing;
        private bool _recordFirst;

        public override bool AppendsAtomicallyAcrossStreams => false;

        public int Appends => _appends;

        public void LoseAnswersOf(string stream, int times, bool recordFirst) => (_losing, _toLose, _recordFirst) = (stream, times, recordFirst);

        private Lazy<Task>? _letIn;

        /// <summary>Another writer, let in once before the import's first append; every append waits for it to end.</summary>
        public void LetInBeforeFirstAppend(Func<Task> other) => _letIn = new(other);

        public override async Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
        {
            if (_letIn is { } letIn) await letIn.Value;
            Interlocked.Increment(ref _appends);
            if (stream != _losing || Interlocked.Decrement(ref _toLose) < 0) return await base.AppendAsync(stream, expected, events, ct);
            if (_recordFirst) await base.AppendAsync(stream, expected, events, ct);
            throw new StoreUnavailableException($"the test's store did not answer while appending to stream '{stream}': the outcome is unknown, the events " +
                "may or may not have been recorded.") { OutcomeUnknown = true };
        }

        /// <summary>One part, as the import made each of its appends before round 56: counted as an append of its own.</summary>
        public override async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default) =>
            appends is [var only] ? [await AppendAsync(only.Stream, only.Expected, only.Events, ct)] : await base.AppendManyAsync(appends, ct);
    }
}
