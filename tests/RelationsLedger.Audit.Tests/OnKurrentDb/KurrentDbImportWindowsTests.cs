using System.Text;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Audit.Verify;
using RelationsLedger.Application.Commands.Cooperation;
using RelationsLedger.Application.Queries.History;
using RelationsLedger.Application.Storage;
using RelationsLedger.Audit.Tests.Transfer;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Hosting;

namespace RelationsLedger.Audit.Tests.OnKurrentDb;

/// <summary>
/// An import into a real KurrentDB/EventStoreDB server (skipped without KURRENTDB_CONNECTION_STRING) of an export in log
/// order — its relationships alternate line by line, as every real export's do — appended a window of the file at a time,
/// each relationship's part of a window one append, several relationships' appends in flight (round 56; before, one append
/// per line, one after the other). What it must keep: every relationship's events as the source's, in the source's order;
/// an import stopped part-way leaves each relationship a prefix of its lines, which verifies, and running it again completes
/// it with nothing twice; another writer, or an id reserved for another relationship, stops it saying what it recorded.
/// Each test uses organisations of its own, so the server needs no reset.
/// </summary>
public sealed class KurrentDbImportWindowsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Organisations(string what) => $"{what}{Guid.NewGuid():N}"[..12];

    private static string StreamOf(string organisations, int r) => RelationshipKey.Of("RU", $"{organisations}-{r}").StreamName;

    [SkippableFact]
    public async Task An_export_in_log_order_is_appended_a_relationship_at_a_time_several_at_once_and_reads_back_as_the_source()
    {
        var cs = ServerUnderTest.Require();
        const int relationships = 40, perRelationship = 30;
        var organisations = Organisations("win");
        var sourcePath = _folder.File("source.db");
        var file = await InterleavedExport.MakeAsync(sourcePath, relationships, perRelationship, new DateOnly(1990, 1, 1), organisations: organisations);

        await using var counted = await ImportThrough.OpenAsync(cs, _folder.File("counted.projections.db"));
        var result = await counted.ImportAsync(file);

        Assert.Equal((relationships * perRelationship, 0, relationships), (result.Imported, result.AlreadyPresent, result.Streams));
        // The file is one window: each relationship's 30 events one append. Main appended each line alone (1,200 appends), in turn.
        Assert.Equal(relationships, counted.Store.Appends);
        Assert.True(counted.Store.MostInFlight > 1, $"at most {counted.Store.MostInFlight} append in flight");

        await using var source = await TestLedger.OpenAsync(sourcePath);
        await using var target = await TestLedger.OpenAsync(cs);
        for (var r = 0; r < relationships; r++)
        {
            var organisation = $"{organisations}-{r}";
            Assert.Equal(HistoryAnswers.Of(await source.Send(new GetHistory("RU", organisation))), HistoryAnswers.Of(await target.Send(new GetHistory("RU", organisation))));
            var verified = await target.Send(new VerifyLedger("RU", organisation));
            Assert.True(verified.Ok, string.Join("\n", verified.Findings));
        }
        var again = await target.Send(new ImportEvents(new MemoryStream(file), file.Length));
        Assert.Equal((0, relationships * perRelationship), (again.Imported, again.AlreadyPresent));
    }

    [SkippableFact]
    public async Task An_import_cancelled_mid_window_leaves_each_relationship_a_prefix_that_verifies_and_completes_with_nothing_twice()
    {
        var cs = ServerUnderTest.Require();
        const int relationships = 50, perRelationship = 100; // 5,000 events: two windows
        var organisations = Organisations("cut");
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), relationships, perRelationship, new DateOnly(1990, 1, 1), organisations: organisations);
        await using var target = await TestLedger.OpenAsync(cs);
        using var cts = new CancellationTokenSource();
        var stop = new CancelOnFirstAppended(cts);

        var cancelled = await Assert.ThrowsAsync<ImportCancelledException>(() => target.Send(new ImportEvents(new MemoryStream(file), file.Length, stop), cts.Token));

        var said = long.Parse(System.Text.RegularExpressions.Regex.Match(cancelled.Message, "^The import was cancelled after ([0-9]+) of 5000 events were recorded").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        var kept = await PrefixesAsync(target, organisations, relationships, file);
        // Appends in flight when it was cancelled may be recorded too: at least what it said, never less, and not all.
        Assert.True(kept >= said && said > 0 && kept < relationships * perRelationship, $"said {said}, holds {kept}: {cancelled.Message}");

        var rerun = await target.Send(new ImportEvents(new MemoryStream(file), file.Length));
        Assert.Equal((relationships * perRelationship - kept, kept), (rerun.Imported, rerun.AlreadyPresent));
        Assert.Equal(relationships * perRelationship, await PrefixesAsync(target, organisations, relationships, file));
    }

    /// <summary>Cancels the import (as Ctrl+C does) when it first reports an append completed.</summary>
    private sealed class CancelOnFirstAppended(CancellationTokenSource cts) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value is { Phase: ImportPhase.Appending, Done: > 0 }) cts.Cancel();
        }
    }

    [SkippableFact]
    public async Task An_import_killed_mid_append_leaves_each_relationship_a_prefix_and_completes_when_run_again_with_nothing_twice()
    {
        var cs = ServerUnderTest.Require();
        const int relationships = 60, perRelationship = 250; // 15,000 events: four windows
        var organisations = Organisations("kil");
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), relationships, perRelationship, new DateOnly(1990, 1, 1), organisations: organisations);
        var export = _folder.File("export.ndjson");
        await File.WriteAllBytesAsync(export, file);
        await using var target = await TestLedger.OpenAsync(cs);

        using var process = LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), ["--store", cs, "import", export, "--json"]);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        // The first relationship's first events are in the first window: once they are there, the import is appending.
        var first = StreamOf(organisations, 0);
        while (!process.HasExited && (await target.EventsAsync(first)).Count == 0) await Task.Delay(10);
        process.Kill(); // SIGKILL: no cancellation reaches the import, appends in flight are cut
        await process.WaitForExitAsync();

        var kept = await PrefixesAsync(target, organisations, relationships, file);
        Assert.True(kept > 0 && kept < relationships * perRelationship, $"{kept} events recorded when the import was killed: it was not killed mid-append");
        var rerun = await target.Send(new ImportEvents(new MemoryStream(file), file.Length));
        Assert.Equal((relationships * perRelationship - kept, kept), (rerun.Imported, rerun.AlreadyPresent));
        Assert.Equal(relationships * perRelationship, await PrefixesAsync(target, organisations, relationships, file));
    }

    [SkippableFact]
    public async Task Another_writer_appending_to_a_relationship_mid_import_stops_it_saying_exactly_what_it_recorded()
    {
        var cs = ServerUnderTest.Require();
        const int relationships = 12, perRelationship = 10;
        var organisations = Organisations("rac");
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), relationships, perRelationship, new DateOnly(1990, 1, 1), organisations: organisations);
        await using var other = await TestLedger.OpenAsync(cs);
        await using var steered = await ImportThrough.OpenAsync(cs, _folder.File("steered.projections.db"));
        var raced = StreamOf(organisations, 5);
        // Another client records a statement of its own in one relationship just before the import's append there.
        steered.Store.BeforeAppendTo = (raced, () => other.Send(TestLedger.Provenanced(new MakeStatement("RU", $"{organisations}-5", "Another writer", "neutral", "Said first.") with { EffectiveDate = "2020" })));

        var stopped = await Assert.ThrowsAsync<ImportInterruptedException>(() => steered.ImportAsync(file));

        Assert.Equal(ImportStop.AnotherWriter, stopped.Stop);
        Assert.StartsWith($"Another writer appended to {raced} during the import; {stopped.Imported} of {relationships * perRelationship} events were imported", stopped.Message, StringComparison.Ordinal);
        var inRaced = await other.EventsAsync(raced);
        Assert.Equal("Another writer", Assert.Single(inRaced).Event is Domain.Aspects.StatementMade s ? s.Speaker : null);
        var kept = await PrefixesAsync(other, organisations, relationships, file, except: 5);
        Assert.Equal(stopped.Imported, kept); // what it said it recorded is what the server holds of the file
        var verified = await other.Send(new VerifyLedger("RU", $"{organisations}-5"));
        Assert.True(verified.Ok, string.Join("\n", verified.Findings));
    }

    [SkippableFact]
    public async Task Another_import_of_the_first_part_of_the_file_mid_import_leaves_every_event_recorded_once_and_both_finish()
    {
        // A shorter export of the same ledger imported by another client just before this import's append to one relationship:
        // that relationship's part of the window then holds events recorded in their places and events that are not; they are
        // dropped from its append and the rest appended (RecordedMeanwhile). The other import meets this one's appends in the
        // same way, so how many each adds depends on the moment; together they add the file once.
        var cs = ServerUnderTest.Require();
        const int relationships = 12, perRelationship = 10, partOf = 50; // 50 lines: 4 or 5 of each relationship's 10
        var organisations = Organisations("par");
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), relationships, perRelationship, new DateOnly(1990, 1, 1), organisations: organisations);
        var part = Racing.ImportRaceTests.FirstEvents(file, partOf);
        await using var other = await TestLedger.OpenAsync(cs);
        await using var steered = await ImportThrough.OpenAsync(cs, _folder.File("steered.projections.db"));
        ImportResult? otherResult = null;
        steered.Store.BeforeAppendTo = (StreamOf(organisations, 0), async () => otherResult = await other.Send(new ImportEvents(new MemoryStream(part), part.Length)));

        var result = await steered.ImportAsync(file);

        Assert.NotNull(otherResult);
        Assert.Equal(relationships * perRelationship, result.Imported + result.AlreadyPresent);
        Assert.Equal(relationships * perRelationship, result.Imported + otherResult.Imported);
        Assert.Equal(relationships * perRelationship, await PrefixesAsync(other, organisations, relationships, file));
    }

    [SkippableFact]
    public async Task An_id_reserved_for_another_relationship_is_still_refused_and_the_import_says_what_it_recorded()
    {
        var cs = ServerUnderTest.Require();
        const int relationships = 6, perRelationship = 5;
        var organisations = Organisations("res");
        var file = await InterleavedExport.MakeAsync(_folder.File("source.db"), relationships, perRelationship, new DateOnly(1990, 1, 1), organisations: organisations);
        var lines = ExportText.EventLines(Encoding.UTF8.GetString(file));
        // The third event of relationship 2 (its revision 2): its id reserved for another relationship, as an append there that
        // failed after its reservation leaves it. No event of that id is recorded, so the check passes it; the append must not.
        var line = System.Text.Json.JsonDocument.Parse(lines[2 * relationships + 2]).RootElement;
        var (reservedId, reservedIn) = (line.GetProperty("eventId").GetGuid(), line.GetProperty("stream").GetString()!);
        Assert.Equal(StreamOf(organisations, 2), reservedIn);
        var holder = StreamOf(organisations, 99);
        await using var target = await TestLedger.OpenAsync(cs);
        await target.Store.AppendAsync(EventIdReservation.StreamOf(reservedId), ExpectedRevision.NoStream,
            [new EventData(Guid.NewGuid(), "EventIdReserved", Encoding.UTF8.GetBytes($$"""{"eventId":"{{reservedId}}","stream":"{{holder}}"}"""), "{}"u8.ToArray())]);

        var stopped = await Assert.ThrowsAsync<ImportInterruptedException>(() => target.Send(new ImportEvents(new MemoryStream(file), file.Length)));

        Assert.Contains($"Event {reservedId} is already recorded in stream '{holder}': its id is reserved there", stopped.Message, StringComparison.Ordinal);
        Assert.Contains($"{stopped.Imported} of {relationships * perRelationship} events were imported", stopped.Message, StringComparison.Ordinal);
        var inRefused = await target.EventsAsync(reservedIn);
        Assert.DoesNotContain(inRefused, e => e.EventId == reservedId);
        Assert.True(inRefused.Count < 3, $"{inRefused.Count} events in {reservedIn}");
        Assert.Equal(stopped.Imported, await PrefixesAsync(target, organisations, relationships, file));
        Assert.Empty(await target.EventsAsync(holder));
    }

    /// <summary>
    /// How many of the file's events the server holds, after checking that each relationship holds the first of its lines, in
    /// order, and nothing else (no event twice), and verifies.
    /// </summary>
    private static async Task<long> PrefixesAsync(TestLedger ledger, string organisations, int relationships, byte[] file, int? except = null)
    {
        var byStream = ExportText.EventLines(Encoding.UTF8.GetString(file)).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .GroupBy(l => l.GetProperty("stream").GetString()!).ToDictionary(g => g.Key, g => g.Select(l => l.GetProperty("eventId").GetGuid()).ToList());
        long count = 0;
        for (var r = 0; r < relationships; r++)
        {
            if (r == except) continue;
            var stream = StreamOf(organisations, r);
            var held = (await ledger.EventsAsync(stream)).Select(e => e.EventId).ToList();
            Assert.Equal(byStream[stream].Take(held.Count), held);
            if (held.Count > 0)
            {
                var verified = await ledger.Send(new VerifyLedger("RU", $"{organisations}-{r}"));
                Assert.True(verified.Ok, string.Join("\n", verified.Findings));
            }
            count += held.Count;
        }
        return count;
    }

    /// <summary>The import through a window on the real store: its appends counted, and another writer let in before one.</summary>
    private sealed class ImportThrough : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private ImportThrough(WatchedStore store, ServiceProvider services) => (Store, _services) = (store, services);

        public WatchedStore Store { get; }

        public static async Task<ImportThrough> OpenAsync(string cs, string readModel)
        {
            var store = new WatchedStore(await LedgerStores.OpenAsync(StoreLocation.Parse(cs)));
            return new(store, LedgerServices.Build(store, readModel, ownsStore: true));
        }

        public async Task<ImportResult> ImportAsync(byte[] file)
        {
            using var scope = _services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportEvents(new MemoryStream(file), file.Length));
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }

    private sealed class WatchedStore(IEventStore inner) : DelegatingStore(inner)
    {
        private int _inFlight, _appends, _most;

        public int Appends => _appends;
        public int MostInFlight => _most;
        public (string Stream, Func<Task>? Run) BeforeAppendTo { get; set; }

        public override async Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
        {
            if (!stream.StartsWith("relationship-", StringComparison.Ordinal)) return await base.AppendAsync(stream, expected, events, ct);
            if (BeforeAppendTo is (var steered, { } run) && steered == stream)
            {
                BeforeAppendTo = default;
                await run();
            }
            Interlocked.Increment(ref _appends);
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _most, now);
            try
            {
                return await base.AppendAsync(stream, expected, events, ct);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        /// <summary>One part, as an import made each of its appends on KurrentDB before round 56: watched as an append of its own.</summary>
        public override async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default) =>
            appends is [var only] ? [await AppendAsync(only.Stream, only.Expected, only.Events, ct)] : await base.AppendManyAsync(appends, ct);

        private static void InterlockedMax(ref int most, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref most)) < value && Interlocked.CompareExchange(ref most, value, seen) != seen) { }
        }
    }
}
