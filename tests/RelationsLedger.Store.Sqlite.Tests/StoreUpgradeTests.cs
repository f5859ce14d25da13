using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite.Tests;

/// <summary>
/// <c>ledger store upgrade</c> (<see cref="StoreUpgrade"/>): a store of version 1, 2 or 3 rewritten in the compact layout (version 4, zstd),
/// every event given back as it was written; refused, changing nothing, when the store cannot or must not be changed.
/// </summary>
public sealed class StoreUpgradeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Path => _folder.File("l.db");

    public void Dispose() => _folder.Dispose();

    /// <summary>An event as the ledger writes one: an envelope with its ids and hashes, data with a UUID in it.</summary>
    private static EventData Sealed(int n, int format = EventData.FirstFormat)
    {
        var id = Guid.NewGuid();
        var hash = Convert.ToHexStringLower(SHA256.HashData(id.ToByteArray()));
        var data = $$"""{"actor":"CZ","counterpart":"CA","summary":"statement {{n}}","corrects":"{{Guid.NewGuid():D}}"}""";
        var envelope = $$"""{"schemaVersion":1,"effectiveDate":"2014-07-{{n % 28 + 1:00}}","recordedBy":"desk@example.org","sources":[{"publisher":"Xinhua","title":"report {{n}}","url":null,"reference":null,"publishedOn":"2013"}],"$correlationId":"{{id:D}}","$causationId":"{{id:D}}","previousHash":null,"hash":"{{hash}}"}""";
        return new(id, "StatementMade", Encoding.UTF8.GetBytes(data), Encoding.UTF8.GetBytes(envelope), format);
    }

    private static async Task<List<RecordedEvent>> AllAsync(SqliteEventStore store) => await store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).ToListAsync();

    private static void SameEvents(List<RecordedEvent> expected, List<RecordedEvent> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal((e.EventId, e.Stream, e.Revision, e.Position, e.Type, e.RecordedAt), (a.EventId, a.Stream, a.Revision, a.Position, a.Type, a.RecordedAt));
            Assert.Equal(e.Data.ToArray(), a.Data.ToArray());
            Assert.Equal(e.Metadata.ToArray(), a.Metadata.ToArray());
        }
    }

    private async Task<List<RecordedEvent>> WrittenAsync(int streams, int each)
    {
        await using var store = StoreVersions.MakeAt(await SqliteEventStore.OpenAsync(Path, SqliteDurability.Normal), StoreVersions.Text);
        for (var s = 0; s < streams; s++)
            await store.AppendAsync($"relationship-A{s}~BB", ExpectedRevision.NoStream,
                Enumerable.Range(0, each).Select(n => Sealed(n, s == 1 ? EventData.RecordedThroughFormat : EventData.FirstFormat)).ToList());
        return await AllAsync(store);
    }

    private static async Task<string> ScalarAsync(string path, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private string Fingerprint() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path)));

    /// <summary>
    /// The file's bytes after SQLite's 100-byte header: the upgrade's look for other connections (a switch out of WAL mode and
    /// back) counts a change in the header's counters, and changes nothing else.
    /// </summary>
    private string Pages() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path).AsSpan(100)));

    [Fact]
    public async Task Every_event_reads_back_as_written_the_file_is_smaller_and_writes_go_on_in_the_compact_layout()
    {
        var before = await WrittenAsync(streams: 3, each: 40);
        Assert.Equal(2, await LedgerFiles.UserVersionAsync(Path));
        var id = await ScalarAsync(Path, "SELECT event_id FROM events WHERE position = 1");

        var result = await StoreUpgrade.RunAsync(Path, null, default);

        Assert.Equal((2L, 4L, 120L), (result.FromVersion, result.ToVersion, result.Events));
        Assert.True(result.BytesAfter < result.BytesBefore, $"{result.BytesBefore} → {result.BytesAfter}");
        Assert.Equal(4, await LedgerFiles.UserVersionAsync(Path));
        Assert.Equal("wal", await ScalarAsync(Path, "PRAGMA journal_mode"));
        Assert.Equal($"blob {id.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant()} 02",
            await ScalarAsync(Path, "SELECT typeof(event_id) || ' ' || hex(event_id) || ' ' || hex(substr(metadata, 1, 1)) FROM events WHERE position = 1"));
        Assert.False(File.Exists(StoreUpgrade.CopyOf(Path)));

        await using var store = await SqliteEventStore.OpenAsync(Path);
        SameEvents(before, await AllAsync(store));
        var more = new List<EventData> { Sealed(1), Sealed(2) };
        var appended = await store.AppendAsync("relationship-A0~BB", ExpectedRevision.Exact(39), more);
        Assert.Equal("blob 16 02", await ScalarAsync(Path, "SELECT typeof(event_id) || ' ' || length(event_id) || ' ' || hex(substr(metadata, 1, 1)) FROM events ORDER BY position DESC LIMIT 1"));
        var after = await AllAsync(store);
        SameEvents([.. before, .. after.TakeLast(2)], after);
        Assert.Equal(more.Select(e => e.Metadata.ToArray()), after.TakeLast(2).Select(e => e.Metadata.ToArray()));

        // The ids are found in their 16 bytes: a retry is its first result, the same id elsewhere is refused, a search finds both layouts' rows.
        var retried = await store.AppendAsync("relationship-A0~BB", ExpectedRevision.Exact(39), more);
        Assert.True(retried.Repeated);
        Assert.Equal(appended.Position, retried.Position);
        await Assert.ThrowsAsync<DuplicateEventException>(() => store.AppendAsync("relationship-ZZ~YY", ExpectedRevision.NoStream, [more[0]]));
        var found = await store.FindEventsAsync([before[5].EventId, more[1].EventId, Guid.NewGuid()]).Select(e => e.EventId).ToListAsync();
        Assert.Equal(new[] { before[5].EventId, more[1].EventId }.Order(), found.Order());
        Assert.Equal(before[7].EventId, (await store.EventAtAsync(before[7].Stream, before[7].Revision))!.Value.EventId);
    }

    [Fact]
    public async Task The_position_counter_and_a_row_the_ledger_did_not_write_are_kept_as_found()
    {
        await WrittenAsync(streams: 2, each: 5);
        SqliteConnection.ClearAllPools();
        await LedgerFiles.ExecuteAsync(Path, """
            DELETE FROM events WHERE position = 10;
            UPDATE events SET event_id = 'not-an-id', data = CAST('{"as":"text"}' AS TEXT), metadata = X'7B01FF' WHERE position = 3;
            """);
        const string Row3 = "SELECT typeof(event_id) || event_id || typeof(data) || hex(data) || typeof(metadata) || hex(metadata) FROM events WHERE position = 3";
        var row3 = await ScalarAsync(Path, Row3);
        List<HiddenStream> deleted;
        await using (var store = await SqliteEventStore.OpenAsync(Path))
            deleted = await store.HiddenStreamsAsync().ToListAsync();

        await StoreUpgrade.RunAsync(Path, null, default);

        Assert.Equal(row3, await ScalarAsync(Path, Row3));
        Assert.Equal("10", await ScalarAsync(Path, "SELECT seq FROM sqlite_sequence WHERE name = 'events'"));
        await using var upgraded = await SqliteEventStore.OpenAsync(Path);
        Assert.Equal(deleted.Select(d => d.How), await upgraded.HiddenStreamsAsync().Select(d => d.How).ToListAsync());
        var e = await Assert.ThrowsAsync<Application.Audit.Chain.LedgerTamperedException>(() => AllAsync(upgraded));
        Assert.Contains("'not-an-id' is not an event id", e.Findings[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_another_process_has_open_is_refused_and_not_changed()
    {
        await WrittenAsync(streams: 1, each: 3);
        SqliteConnection.ClearAllPools();
        await using var server = await SqliteEventStore.OpenAsync(Path);
        await server.AppendAsync("relationship-A0~BB", ExpectedRevision.Any, [Sealed(9)]); // its writer connection stays open
        var fingerprint = Fingerprint();

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => StoreUpgrade.RunAsync(Path, null, default));

        Assert.Equal($"Cannot upgrade {Path}: another process has it open (a running 'ledger serve'?). It was not changed; stop that process and run 'ledger store upgrade' again.", e.Message);
        Assert.Equal(fingerprint, Fingerprint());
        Assert.Equal("wal", await ScalarAsync(Path, "PRAGMA journal_mode"));
        await server.AppendAsync("relationship-A0~BB", ExpectedRevision.Any, [Sealed(10)]);
        Assert.Equal(5, (await AllAsync(server)).Count);
    }

    /// <summary>
    /// A store an upgrade killed in its switch left in rollback-journal mode: its next writer puts it back in WAL mode, so the next
    /// upgrade still sees a server holding the file. Before round 48 it stayed out of WAL mode until an upgrade: with a server's
    /// connection idle on it, nothing told the upgrade, which renamed its copy over the file the server had open.
    /// </summary>
    [Fact]
    public async Task A_store_left_out_of_WAL_mode_is_put_back_by_its_next_writer_and_an_upgrade_still_sees_a_server()
    {
        await WrittenAsync(streams: 1, each: 3);
        SqliteConnection.ClearAllPools();
        Assert.Equal("delete", await ScalarAsync(Path, "PRAGMA journal_mode = DELETE")); // as a kill in the upgrade's switch leaves it
        await using var server = await SqliteEventStore.OpenAsync(Path);
        await server.AppendAsync("relationship-A0~BB", ExpectedRevision.Any, [Sealed(9)]);

        Assert.Equal("wal", await ScalarAsync(Path, "PRAGMA journal_mode"));
        var fingerprint = Fingerprint();
        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => StoreUpgrade.RunAsync(Path, null, default));
        Assert.StartsWith($"Cannot upgrade {Path}: another process has it open", e.Message, StringComparison.Ordinal);
        Assert.Equal(fingerprint, Fingerprint());
        await server.AppendAsync("relationship-A0~BB", ExpectedRevision.Any, [Sealed(10)]);
        Assert.Equal(5, (await AllAsync(server)).Count);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_read_only_store_is_refused_and_read_as_it_is()
    {
        await WrittenAsync(streams: 1, each: 3);
        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        var fingerprint = Fingerprint();

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => StoreUpgrade.RunAsync(Path, null, default));

        Assert.Equal($"Cannot upgrade {Path}: the file is read-only (its mode gives no write permission). It was not changed, and it is read as it is " +
            "(version 1 or 2 files keep working); to upgrade it, copy it with its -wal file to a writable place, or make it writable.", e.Message);
        Assert.Equal(fingerprint, Fingerprint());
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task An_upgraded_store_is_not_upgraded_again_and_what_is_no_store_is_named()
    {
        await WrittenAsync(streams: 1, each: 3);
        await StoreUpgrade.RunAsync(Path, null, default);
        var fingerprint = Fingerprint();
        var again = await StoreUpgrade.RunAsync(Path, null, default);
        Assert.Equal((4L, 4L, 3L), (again.FromVersion, again.ToVersion, again.Events));
        Assert.Equal(fingerprint, Fingerprint());

        var none = await Assert.ThrowsAsync<StoreUnavailableException>(() => StoreUpgrade.RunAsync(_folder.File("none.db"), null, default));
        Assert.StartsWith("There is no ledger in ", none.Message, StringComparison.Ordinal);
        File.WriteAllText(_folder.File("text.db"), "not a database, and long enough to be read as one: ".PadRight(200, 'x'));
        var text = await Assert.ThrowsAsync<StoreUnavailableException>(() => StoreUpgrade.RunAsync(_folder.File("text.db"), null, default));
        Assert.Contains("is not a RelationsLedger store", text.Message, StringComparison.Ordinal);
    }

    /// <summary>Stopped after its first ten thousand events: the store holds the same pages, byte for byte, still in WAL mode, and no copy is left.</summary>
    [Fact]
    public async Task An_upgrade_cancelled_midway_leaves_the_store_as_it_was()
    {
        await WrittenAsync(streams: 25, each: 1000);
        SqliteConnection.ClearAllPools();
        var fingerprint = Pages();
        using var cancel = new CancellationTokenSource();
        var reports = new List<(long Done, long Total)>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StoreUpgrade.RunAsync(Path, new SyncProgress(p =>
        {
            reports.Add(p);
            cancel.Cancel();
        }), cancel.Token));

        Assert.Equal([(10_000L, 25_000L)], reports);
        Assert.Equal(fingerprint, Pages());
        Assert.Equal("2 wal", await ScalarAsync(Path, "SELECT (SELECT user_version FROM pragma_user_version) || ' ' || (SELECT journal_mode FROM pragma_journal_mode)"));
        Assert.False(File.Exists(StoreUpgrade.CopyOf(Path)));
    }

    private sealed class SyncProgress(Action<(long, long)> report) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => report(value);
    }
}

/// <summary>The store conformance suite on a file of version 4 (an empty ledger upgraded): every value written as zstd.</summary>
public sealed class CompactSqliteConformance : Conformance.EventStoreConformance, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override async Task<IEventStore> OpenAsync()
    {
        var path = _folder.File("ledger.db");
        if (!File.Exists(path))
        {
            await using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await c.OpenAsync();
                await Schema.EnsureAsync(c, Guid.NewGuid(), DateTimeOffset.UtcNow.UtcTicks, StoreVersions.Text, default);
            }
            await StoreUpgrade.RunAsync(path, null, default);
            Assert.Equal(Schema.ZstdLayout, await LedgerFiles.UserVersionAsync(path));
        }
        return await SqliteEventStore.OpenAsync(path);
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>
/// The store conformance suite on a file of version 3, the layout the upgrade wrote before version 4 (made here as that upgrade
/// made it for an empty ledger: the compact table, its indexes, version 3), which this build still writes in Brotli.
/// </summary>
public sealed class BrotliCompactSqliteConformance : Conformance.EventStoreConformance, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override async Task<IEventStore> OpenAsync()
    {
        var path = _folder.File("ledger.db");
        if (!File.Exists(path))
        {
            await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                PRAGMA journal_mode = WAL;
                PRAGMA application_id = {Schema.ApplicationId};
                PRAGMA user_version = {Schema.CompactLayout};
                {Schema.EventsTable(compact: true)}
                {Schema.CompactIndexes}
                {Schema.LedgerTable}
                INSERT INTO ledger (id, ledger_id, created_at) VALUES (1, '{Guid.NewGuid():D}', {DateTimeOffset.UtcNow.UtcTicks});
                """;
            await cmd.ExecuteNonQueryAsync();
        }
        var store = await SqliteEventStore.OpenAsync(path);
        Assert.Equal(Schema.CompactLayout, await LedgerFiles.UserVersionAsync(path));
        return store;
    }

    public void Dispose() => _folder.Dispose();
}
