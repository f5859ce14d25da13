using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The embedded event store: one SQLite file in WAL mode. The global position is the row's
/// autoincrement key; SQLite serialises writers, so positions become visible in order and a
/// reader of the log never sees a gap that later fills. A file that is not a RelationsLedger store
/// is refused when opened, and left as it was.
/// </summary>
public sealed class SqliteEventStore : IEventStore, IFindsEventsById, IReadsEventIds, ICountsPositions, IChecksItsIndexes, IAppendsInBulk, IKnowsStreamEnds
{
    private readonly string _connectionString;

    /// <summary>
    /// <see cref="_connectionString"/> without leave to create the file: what every open uses once the ledger is in the file.
    /// With it, an open whose pool was empty (cleared on another thread, the live runner's next look) just after the file was
    /// deleted under a running server made a new, empty file at the path (round 62: a test saw it under load); now that open
    /// fails and the store is gone, as every other look at it says.
    /// </summary>
    private readonly string _existingFile;
    private readonly AppendSignal _signal;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private readonly string _pragmas;
    private volatile bool _schemaReady;

    /// <summary>
    /// The version this store makes its file at when it is new (<see cref="Schema.NewStoreVersion"/>): tests set another layout
    /// (1 or 4) to run the same checks on stores of either, as made by the builds before and after the default changed.
    /// </summary>
    internal int NewFileVersion { get; set; } = Schema.NewStoreVersion;
    private readonly GroupWriter _writer;
    private readonly WriteQueue _queue;
    private LedgerIdentity? _identity;
    private readonly HighWaterMark _reached = new();

    /// <summary>How often a live subscription looks for events written by another process.</summary>
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public string Path { get; }

    public string Description => $"SQLite file {Path}";

    public bool AppendsAtomicallyAcrossStreams => true;

    private SqliteEventStore(string path, string connectionString, TimeProvider clock, SqliteDurability durability, bool schemaReady)
    {
        Path = path;
        Durability = durability;
        // Set on every open: a pooled connection keeps its settings, but a new one starts from SQLite's
        // defaults. A 32 MB page cache (default 2 MB) keeps the event-id and stream indexes of a
        // million-event ledger in memory.
        _pragmas = $"PRAGMA synchronous = {(durability == SqliteDurability.Full ? "FULL" : "NORMAL")}; PRAGMA cache_size = -{CacheKiB};";
        _connectionString = connectionString;
        _existingFile = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        _clock = clock;
        _signal = AppendSignal.For(path);
        _schemaReady = schemaReady;
        _writer = new GroupWriter(this, clock, _signal);
        _queue = new WriteQueue(_writer.CommitAsync);
    }

    public SqliteDurability Durability { get; }

    /// <summary>The page cache of each connection, in KiB (<c>PRAGMA cache_size</c>).</summary>
    internal const int CacheKiB = 32768;

    /// <summary>
    /// The ledger this store serves for good: the first one it made or found at its path. Before round 54 a store learned it
    /// only when asked (<see cref="IdentityAsync"/>, which a server's read model asks once it has caught up): a store that
    /// made the ledger by its first append and had not been asked yet took another ledger's file moved over its own for its
    /// ledger — it appended into it, and its commands were refused as "other writers appended" ten times in a row.
    /// </summary>
    private void Pin(LedgerIdentity found) => Interlocked.CompareExchange(ref _identity, found, null);

    /// <summary>
    /// Refuses a file at the store's path that holds another ledger than the one this store read from it;
    /// <paramref name="consequence"/> says what that meant for the caller.
    /// </summary>
    internal void RefuseAnotherLedger(Guid? found, string consequence = "")
    {
        if (_identity is { } known && found is { } id && id != known.LedgerId)
            throw new StoreUnavailableException($"{Path} now holds another ledger ({id:D}), not this one ({known.LedgerId:D}){consequence}.") { AnotherLedger = true };
    }

    /// <summary>Whether a group of appends is being written now (<see cref="GroupWriter.IsWriting"/>).</summary>
    internal bool IsWritingAGroup => _writer.IsWriting;

    /// <summary>The highest position this store has recorded or read; a file ending before it is refused.</summary>
    internal HighWaterMark Reached => _reached;

    /// <summary>False until the file exists: a store that was never written to is not created by reading it.</summary>
    private bool Exists => File.Exists(Path);

    /// <summary>
    /// Opens the store file at <paramref name="path"/>. A missing file reads as an empty store and
    /// is created by the first append, so a refused or invalid command leaves no file behind.
    /// </summary>
    public static Task<SqliteEventStore> OpenAsync(string path, TimeProvider? clock = null, CancellationToken ct = default) =>
        OpenAsync(path, SqliteDurability.Full, clock, ct);

    /// <summary>
    /// Opens the store with an explicitly chosen <paramref name="durability"/>. Throws <see cref="StoreUnavailableException"/>
    /// for a folder, a missing folder, or a file that is not a RelationsLedger store (which is not changed).
    /// </summary>
    public static Task<SqliteEventStore> OpenAsync(string path, SqliteDurability durability, TimeProvider? clock = null, CancellationToken ct = default)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (SqliteFilePlace.Problem(full) is { } misplaced)
            throw new StoreUnavailableException($"Cannot use {full} as the store: {misplaced}." +
                (Directory.Exists(full) ? $" Name a file (e.g. {System.IO.Path.Combine(full, "relationsledger.db")})." : ""));
        StoreFileKind kind;
        string? why;
        try
        {
            (kind, why) = StoreFile.Inspect(full);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"Cannot open the store {full}: {Reason(e, full)}.", e);
        }
        if (kind == StoreFileKind.NotALedger)
            throw new StoreUnavailableException($"{full} is not a RelationsLedger store: {why}. It was not changed; name another file with {StoreChoice.Ways}.");
        if (kind == StoreFileKind.Damaged) throw Damaged(full, why!);
        var cs = new SqliteConnectionStringBuilder { DataSource = StoreFile.DataSource(full), Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        return Task.FromResult(new SqliteEventStore(full, cs, clock ?? TimeProvider.System, durability, schemaReady: kind == StoreFileKind.Ledger));
    }

    private static StoreUnavailableException Damaged(string path, string why) => new($"Cannot open the store {path}: {why}.");

    /// <summary>The file made now, at <see cref="NewFileVersion"/>, with no event yet: a test's store for a command run as a process.</summary>
    internal Task MakeFileAsync(CancellationToken ct = default) => EnsureSchemaAsync(ct);

    /// <summary>Creates the file's tables, mark and identity on first use (a new file, or one of an earlier version).</summary>
    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady) return;
        await _schemaGate.WaitAsync(ct);
        try
        {
            if (_schemaReady) return;
            await using var connection = await OpenConnectionAsync(ct);
            await Schema.EnsureAsync(connection, Guid.NewGuid(), _clock.GetUtcNow().UtcTicks, NewFileVersion, ct);
            _schemaReady = true;
            if (StoreFile.IdentityOf(connection) is { } made) Pin(made); // another process's, if it made the file first
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException($"Cannot create the store {Path}: {Reason(e, Path)}.", e);
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    /// <summary>
    /// A connection with the store's settings on the file at its path. A pooled connection holds the file it was
    /// opened on: when the path names another file now (a restore moved over it) or none, the pool is dropped and
    /// what is there is opened, as a new process would open it — or, with nothing there, the store is gone.
    /// </summary>
    /// <remarks>
    /// Opens at the same moment get handles of their own, also while the pool is cleared on another thread (the store's own
    /// clearing when its file has moved, a test's <c>ClearAllPools</c>): Microsoft.Data.Sqlite 10.0.15 or later, as
    /// Directory.Packages.props says (ConcurrentOpenTests).
    /// </remarks>
    /// <param name="consequence">What a refusal of the file means for the caller (": nothing was recorded").</param>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct, string consequence = "")
    {
        var made = _schemaReady; // the file holds the ledger: it is opened, never made again
        var connectionString = made ? _existingFile : _connectionString;
        var connection = new SqliteConnection(connectionString);
        try
        {
            await OpenAsync(connection);
            if (OpenFile.HasMoved(connection))
            {
                SqliteConnection.ClearPool(connection);
                await connection.DisposeAsync();
                if (!Exists) throw Gone();
                connection = new SqliteConnection(connectionString);
                await OpenAsync(connection);
            }
            var handle = connection.Handle!;
            if (SqliteHandleSettings.AreApplied(handle, _pragmas)) return connection; // a pooled handle keeps them
            // A new handle has not read the file yet; its first statement would find an emptied file (truncated in place
            // under this process) and make SQLite delete the write-ahead log beside it, with every commit it holds.
            if (StoreFile.EmptiedBesideItsLog(Path) is { } emptied) throw Damaged(Path, emptied);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = _pragmas;
            await pragma.ExecuteNonQueryAsync(ct);
            Recognise(connection, consequence);
            SqliteHandleSettings.MarkApplied(handle, _pragmas);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        async Task OpenAsync(SqliteConnection c)
        {
            try
            {
                await c.OpenAsync(ct);
            }
            catch (SqliteException) when (made && !Exists)
            {
                throw Gone();
            }
        }
    }

    /// <summary>
    /// A new handle has the file at the path as it is now, which a pooled handle checks no more (it only asks whether its file
    /// has moved): the first ledger found there is pinned as this store's, and a file holding another ledger is refused here,
    /// for reads as for appends (<paramref name="consequence"/> says what that meant for the caller). Before round 54 reads took
    /// whatever file had been moved over the store: a feed page after another ledger's file was put in place served that
    /// ledger's events as if they followed the consumer's checkpoint. A file of this ledger that ends early is still read
    /// (verify names what was removed); appends and the probe refuse it (<see cref="HighWaterMark"/>).
    /// </summary>
    private void Recognise(SqliteConnection connection, string consequence)
    {
        if (!_schemaReady) return; // a new file (or one of an earlier version) has no ledger yet: pinned when it is made
        LedgerIdentity? found;
        try
        {
            found = StoreFile.IdentityOf(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1) // SQLITE_ERROR: no such table
        {
            throw new StoreUnavailableException($"{Path} no longer holds this ledger: it has no ledger table now (another SQLite file, " +
                $"or a store of an earlier version, was put in its place){consequence}.", e);
        }
        if (found is not null) Pin(found);
        RefuseAnotherLedger(found?.LedgerId, consequence);
    }

    public async Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        if (events.Count == 0) throw new ArgumentException("An append needs at least one event.", nameof(events));
        return (await AppendManyAsync([new StreamAppend(stream, expected, events)], ct))[0];
    }

    /// <summary>The writer's page cache is <see cref="GroupWriter.BulkCacheKiB"/> of the transactions' size until the handle is disposed (an import's appends).</summary>
    public Task<IAsyncDisposable> BulkAsync(int eventsPerTransaction, CancellationToken ct = default) => _writer.BulkAsync(eventsPerTransaction, ct);

    /// <summary>The writer connection's <c>PRAGMA cache_size</c> now; null before its first append.</summary>
    internal Task<long?> WriterCacheSizeAsync() => _writer.WriterCacheSizeAsync();

    /// <summary>
    /// Appends to several streams in one transaction: all or none, each append checked as
    /// <see cref="AppendAsync"/> checks it (after the appends before it in the batch). Calls made while
    /// another is being written share the next transaction, and so one sync of the log (group commit),
    /// each still all or none on its own: see <see cref="GroupWriter"/>.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        if (appends.Any(a => a.Events.Count == 0)) throw new ArgumentException("An append needs at least one event.", nameof(appends));
        ct.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(ct);
        return await _queue.EnqueueAsync(new PendingAppend(appends, ct));
    }

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, ulong? from, long maxCount, CancellationToken ct = default)
    {
        var forwards = direction == ReadDirection.Forwards;
        return QueryAsync(forwards ? StreamForwards : StreamBackwards, q =>
        {
            q.Bind(1, stream);
            q.Bind(2, from is { } f ? (long)Math.Min(f, long.MaxValue) : forwards ? 0 : long.MaxValue);
            q.Bind(3, maxCount);
        }, r => ReadNoted(r, stream), ct);
    }

    /// <summary>
    /// Whether the stream still ends at this store's own last append to it, at <paramref name="revision"/>, told without a query while no
    /// other connection has written to the file (<see cref="GroupWriter.EndsAt"/>): a command checking for news before it decides.
    /// Before round 67 the store answered a read after that end with nothing, without a query; the reader now reads from its last
    /// event, inclusively, to see that the stream still holds it, and asks this first.
    /// </summary>
    public bool EndsAt(string stream, ulong revision) => _writer.EndsAt(stream, revision);

    private const string StreamForwards = $"SELECT {Rows.Columns} FROM events WHERE stream = ?1 AND revision >= ?2 ORDER BY revision ASC LIMIT ?3";
    private const string StreamBackwards = $"SELECT {Rows.Columns} FROM events WHERE stream = ?1 AND revision <= ?2 ORDER BY revision DESC LIMIT ?3";

    /// <summary>The event's id and position alone, from the (stream, revision) index: a read model's catch-up compares them before every question.</summary>
    public async ValueTask<(Guid EventId, GlobalPosition Position)?> EventAtAsync(string stream, ulong revision, CancellationToken ct = default)
    {
        if (revision > long.MaxValue) return null;
        await foreach (var at in QueryAsync("SELECT event_id, position FROM events WHERE stream = ?1 AND revision = ?2", q =>
        {
            q.Bind(1, stream);
            q.Bind(2, (long)revision);
        }, r => IdAndPosition(r), ct))
            return at;
        return null;
    }

    /// <summary>
    /// The event's id and position as <see cref="EventAtAsync"/> reads them, and whether an event of the filter follows
    /// <paramref name="after"/> as <see cref="ReadAllAsync"/> would read it (the same seek on the key and test of the prefix),
    /// in one statement: one open of the file, one look at its place and one snapshot of the log for both of a question's reads.
    /// </summary>
    public async ValueTask<((Guid EventId, GlobalPosition Position)? At, bool AnyAfter)> EventAtAndAnyAfterAsync(string stream, ulong revision,
        GlobalPosition after, StreamFilter following, CancellationToken ct = default)
    {
        await foreach (var read in QueryAsync(EventAtAndAnyAfter, q =>
        {
            q.Bind(1, stream);
            q.Bind(2, (long)Math.Min(revision, long.MaxValue));
            q.Bind(3, (long)Math.Min(after.Commit, long.MaxValue));
            q.Bind(4, following.StreamPrefix);
        }, r => new StandingRead(r.IsNull(0) || revision > long.MaxValue ? null : IdAndPosition(r), r.Int64(2) != 0), ct))
            return (read.At, read.AnyAfter);
        return (null, false); // a store never written: neither
    }

    /// <summary>
    /// A class, not a tuple: a query over a value type is an instantiation of the async reader the tool's ReadyToRun image does
    /// not hold, which every cold question would compile (round 34).
    /// </summary>
    private sealed record StandingRead((Guid EventId, GlobalPosition Position)? At, bool AnyAfter);

    /// <summary>One row whatever is found: the event at (?1, ?2), or nulls; and whether a row of the prefix ?4 follows position ?3.</summary>
    private const string EventAtAndAnyAfter = """
        SELECT e.event_id, e.position,
            EXISTS (SELECT 1 FROM events WHERE position > ?3 AND (?4 IS NULL OR substr(stream, 1, length(?4)) = ?4))
        FROM (SELECT 1) LEFT JOIN events e ON e.stream = ?1 AND e.revision = ?2
        """;

    private (Guid EventId, GlobalPosition Position) IdAndPosition(SqliteStatement r)
    {
        var position = GlobalPosition.Of((ulong)Math.Max(0, r.Int64(1)));
        _reached.Note(position); // as the event read whole would be
        return (Rows.EventId(r, 0), position);
    }

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(GlobalPosition? after, long maxCount, StreamFilter filter, CancellationToken ct = default) =>
        // Two statements, not "($after IS NULL OR position > $after)": SQLite cannot seek on such an OR, and
        // scanned the whole table from its first row for every page of a catch-up (a read model's check
        // before a query read all 90 MB of a 100k-event store to find nothing new).
        QueryAsync(after is null ? AllFromStart : AllAfter, q =>
        {
            q.Bind(1, filter.StreamPrefix);
            q.Bind(2, maxCount);
            // From the start means every row: a row forged below the first position must not hide from readers of the log.
            if (after is { } a) q.Bind(3, (long)Math.Min(a.Commit, long.MaxValue));
        }, ReadNoted, ct);

    private const string AllFromStart = $"SELECT {Rows.Columns} FROM events WHERE (?1 IS NULL OR substr(stream, 1, length(?1)) = ?1) ORDER BY position LIMIT ?2";
    private const string AllAfter = $"SELECT {Rows.Columns} FROM events WHERE position > ?3 AND (?1 IS NULL OR substr(stream, 1, length(?1)) = ?1) ORDER BY position LIMIT ?2";

    /// <summary>
    /// Reads on from the event it stands on (<see cref="StandingEvent"/>) at each look: ends with a
    /// <see cref="LogReplacedException"/> when the file at the path holds another history there.
    /// </summary>
    public IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(GlobalPosition? after, StreamFilter filter, CancellationToken ct = default) =>
        SubscribeToAllAsync(after, null, filter, ct);

    /// <summary>
    /// <see cref="SubscribeToAllAsync(GlobalPosition?, StreamFilter, CancellationToken)"/> standing on <paramref name="eventThere"/> from its
    /// first look: before round 67 the feed's check of a checkpoint's event was not passed on, and the subscription stood on whatever
    /// event it first found at the position — another history's, had the file been replaced between the check and that look.
    /// </summary>
    public async IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(
        GlobalPosition? after, Guid? eventThere, StreamFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        const int page = 1024;
        var standing = new StandingEvent(Path, after, eventThere);
        while (!ct.IsCancellationRequested)
        {
            // Take the signal before reading, so an append between the read and the wait still wakes us.
            var appended = _signal.NextAsync();
            var count = 0;
            standing.Look();
            await foreach (var e in ReadFromAsync(standing.Position, page, filter, ct))
            {
                count++;
                if (!standing.IsNew(e)) continue;
                standing.MoveTo(e);
                yield return e;
            }
            if (count == page) continue;
            if (count == 0) standing.ReadNothing();
            // Woken by an append here, or after PollInterval because another process may have written: look again either way.
            // Awaited without throwing: a thrown TimeoutException every 250 ms for each idle subscriber is what an operator
            // counting the server's exceptions would see (round 45: ~4 a second from an idle `serve`).
            await appended.WaitAsync(PollInterval, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// The log from <paramref name="from"/> inclusively (null: from the start): the event there whatever its stream, then
    /// those <paramref name="filter"/> lets through.
    /// </summary>
    private IAsyncEnumerable<RecordedEvent> ReadFromAsync(GlobalPosition? from, long maxCount, StreamFilter filter, CancellationToken ct) =>
        from is not { } at ? ReadAllAsync(null, maxCount, filter, ct) : QueryAsync($"""
            SELECT {Rows.Columns} FROM events
            WHERE position >= ?1 AND (position = ?1 OR ?2 IS NULL OR substr(stream, 1, length(?2)) = ?2)
            ORDER BY position LIMIT ?3
            """, q =>
        {
            q.Bind(1, (long)Math.Min(at.Commit, long.MaxValue));
            q.Bind(2, filter.StreamPrefix);
            q.Bind(3, maxCount);
        }, ReadNoted, ct);

    /// <summary>
    /// Looks each id up in the unique <c>event_id</c> index: as many probes as ids, whatever the store's size. The ids
    /// go as one JSON array parameter, so one statement serves any number of them; each is looked for as its text (versions 1
    /// and 2) and as its 16 bytes (version 3, <see cref="Schema.CompactLayout"/>).
    /// </summary>
    public IAsyncEnumerable<RecordedEvent> FindEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken ct = default) =>
        eventIds.Count == 0 ? Nothing(ct) : QueryAsync($"""
            SELECT {Rows.Columns} FROM events
            WHERE event_id IN (SELECT value FROM json_each(?1) UNION ALL SELECT unhex(replace(value, '-', '')) FROM json_each(?1))
            """, q => q.Bind(1, System.Text.Json.JsonSerializer.Serialize(eventIds.Select(id => id.ToString("D")))),
            ReadNoted, ct);

    /// <summary>
    /// The embedded store hides nothing by an operation of its own, but its log shows rows deleted from the file: it gives out
    /// each position once, in order (AUTOINCREMENT), and a refused or failed append gives back what it took with its
    /// transaction, so every position from 1 to the counter (<c>sqlite_sequence</c>) holds an event. A position that holds
    /// none is an event deleted — also the last of a stream or a whole stream, which leave every chain intact. Which streams
    /// lost them the rows no longer say: each run of missing positions is named in <see cref="HiddenStream.GlobalLog"/>.
    /// </summary>
    public IAsyncEnumerable<HiddenStream> HiddenStreamsAsync(CancellationToken ct = default) => EmptyPositionsAsync(ct);

    /// <summary>
    /// SQLite's <c>integrity_check</c>: every page of the file is read, and every index compared with its table, row by row —
    /// the check that sees an index page overwritten (<c>quick_check</c> does not compare the indexes' contents). It looks
    /// each row up in both indexes, the event ids' in random order: with the store's 32 MB page cache that took 128 s of a
    /// million-event store's file under load, with 128 MB 70 s (medians of 3 pairs; a read of every row took 6 s), so the
    /// check is given 128 MB on its connection and the cache is put back after (docs/performance.md, round 53). A store with
    /// no event has nothing to check.
    /// </summary>
    public async Task<IReadOnlyList<string>> IndexProblemsAsync(int most, CancellationToken ct = default)
    {
        if (await HeadAsync(ct) is null) return [];
        var problems = new List<string>();
        await using var connection = await OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        try
        {
            cmd.CommandText = $"PRAGMA cache_size = -{IntegrityCheckCacheKiB}";
            await cmd.ExecuteNonQueryAsync(ct);
            cmd.CommandText = $"PRAGMA integrity_check({Math.Max(most, 1)})";
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    if (r.GetString(0) is var line && line != "ok") problems.Add(line);
            cmd.CommandText = $"PRAGMA cache_size = -{CacheKiB}"; // the pooled handle keeps the store's settings
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException e)
        {
            SqliteConnection.ClearPool(connection); // not given back with the larger cache
            throw Unreadable(e);
        }
        return problems;
    }

    private const int IntegrityCheckCacheKiB = 131072;

    /// <summary>The runs of positions that hold no event (<see cref="HiddenStreamsAsync"/>): one window-function scan over the positions.</summary>
    public IAsyncEnumerable<HiddenStream> EmptyPositionsAsync(CancellationToken ct = default) =>
        QueryAsync(MissingPositions, _ => { }, r => DeletedFromLog(r.Int64(0), r.Int64(1), r.IsNull(2) ? null : r.Int64(2)), ct);

    public IAsyncEnumerable<(ulong First, ulong Last)> EmptyPositionsAsync(GlobalPosition? after, GlobalPosition through, CancellationToken ct = default) =>
        QueryAsync(EmptyPositionsBetween, q =>
        {
            q.Bind(1, (long)Math.Min(after?.Commit ?? 0, long.MaxValue));
            q.Bind(2, (long)Math.Min(through.Commit, long.MaxValue));
        }, r => ((ulong)r.Int64(0), (ulong)r.Int64(1)), ct);

    /// <summary>Runs of positions in (?1, ?2] that hold no event, the one at ?1 counted as there: a seek on the key, then the stretch's positions.</summary>
    private const string EmptyPositionsBetween = """
        SELECT previous + 1, position - 1 FROM (
            SELECT position, LAG(position, 1, ?1) OVER (ORDER BY position) AS previous FROM events WHERE position > ?1 AND position <= ?2)
        WHERE position > previous + 1
        ORDER BY position
        """;

    /// <summary>
    /// Positions <paramref name="first"/>–<paramref name="last"/> hold no event; <paramref name="counter"/>: the counter of
    /// positions given out, when the run ends there (the log's last events deleted).
    /// </summary>
    internal static HiddenStream DeletedFromLog(long first, long last, long? counter)
    {
        var (count, positions, them) = first == last
            ? (1L, $"position {first} of the global log holds", "it")
            : (last - first + 1, $"positions {first}–{last} of the global log hold", "them");
        return new(HiddenStream.GlobalLog, counter is { } seq
            ? $"{positions} no event, though the store gave {them} out (its counter, sqlite_sequence, is at {seq}): " +
              $"the log's last {count} event(s) were deleted from the store file"
            : $"{positions} no event, though the store gives out every position once and in order and takes none back " +
              $"(a refused or failed append takes none): {count} event(s) were deleted from the store file there")
        {
            EmptyPositions = ((ulong)first, (ulong)last),
        };
    }

    /// <summary>Runs of positions that hold no event: between two events, before the first, and after the last up to the counter (then with it).</summary>
    private const string MissingPositions = """
        SELECT first, last, counter FROM (
            SELECT position + 1 AS first, next - 1 AS last, NULL AS counter
            FROM (SELECT position, LEAD(position) OVER (ORDER BY position) AS next FROM events)
            WHERE next > position + 1
            UNION ALL
            SELECT 1, MIN(position) - 1, NULL FROM events HAVING MIN(position) > 1
            UNION ALL
            SELECT (SELECT COALESCE(MAX(position), 0) FROM events) + 1, seq, seq FROM sqlite_sequence
            WHERE name = 'events' AND seq > (SELECT COALESCE(MAX(position), 0) FROM events))
        ORDER BY first
        """;

    /// <summary>The streams, from the (stream, revision) index.</summary>
    public async IAsyncEnumerable<string> StreamNamesAsync(StreamFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var stream in QueryAsync("SELECT DISTINCT stream FROM events ORDER BY stream", _ => { }, r => r.Text(0), ct))
            if (filter.Matches(stream)) yield return stream;
    }

    /// <summary>The global position of the last event, or null when the store is empty.</summary>
    public async Task<GlobalPosition?> HeadAsync(CancellationToken ct = default)
    {
        await foreach (var p in QueryAsync("SELECT MAX(position) FROM events", _ => { }, r => r.IsNull(0) ? (long?)null : r.Int64(0), ct))
        {
            if (p is not { } position) return null;
            var head = GlobalPosition.Of((ulong)Math.Max(0, position));
            _reached.Note(head);
            return head;
        }
        return null;
    }

    /// <summary>An event row, its position noted as given out (<see cref="Reached"/>).</summary>
    private RecordedEvent ReadNoted(SqliteStatement r) => ReadNoted(r, null);

    /// <param name="stream">The stream the query read, whose name its rows share (<see cref="Rows.Read"/>).</param>
    private RecordedEvent ReadNoted(SqliteStatement r, string? stream)
    {
        var e = Rows.Read(r, stream);
        _reached.Note(e.Position);
        return e;
    }

    public async Task<RecordedEvent?> ReadAtAsync(GlobalPosition position, CancellationToken ct = default)
    {
        // This store gives one number for commit and prepare: a pair of two differing numbers is none of its positions.
        if (position.Commit > long.MaxValue || position.Commit != position.Prepare) return null;
        await foreach (var e in QueryAsync($"SELECT {Rows.Columns} FROM events WHERE position = ?1",
            q => q.Bind(1, (long)position.Commit), ReadNoted, ct))
            return e;
        return null;
    }

    public async Task<LedgerIdentity?> IdentityAsync(CancellationToken ct = default)
    {
        if (_identity is not null) return _identity;
        if (!Exists) return null;
        if (!_schemaReady)
        {
            // A store of an earlier version gets its identity now; a new, empty one only at its first append.
            if (InspectNow().Kind != StoreFileKind.Earlier) return null;
            await EnsureSchemaAsync(ct);
        }
        // Read as the identity itself, not as a (string, long) tuple: a query over a value type is an instantiation of the
        // async reader the tool's ReadyToRun image does not hold, which every cold question compiled (docs/performance.md, round 34).
        await foreach (var identity in QueryAsync("SELECT ledger_id, created_at FROM ledger WHERE id = 1", _ => { },
            r => new LedgerIdentity(Guid.Parse(r.Text(0)), new DateTimeOffset(r.Int64(1), TimeSpan.Zero)), ct))
        {
            Pin(identity);
            RefuseAnotherLedger(identity.LedgerId);
            return _identity!;
        }
        return null;
    }

    /// <summary>
    /// Reads the file as it is on disk now, not through the pool: still a store, still this ledger, its log
    /// readable. Once the ledger is in the file (this store wrote it or found it), a file gone or emptied fails.
    /// </summary>
    public Task ProbeAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            var (kind, why) = StoreFile.Inspect(Path);
            switch (kind)
            {
                case StoreFileKind.New when _schemaReady:
                    throw new StoreUnavailableException($"The store file {Path} is gone or empty: this ledger was in it.");
                case StoreFileKind.New:
                    return Task.CompletedTask; // nothing written yet: nothing to read, and that is fine
                case StoreFileKind.NotALedger:
                    throw new StoreUnavailableException($"{Path} is not a RelationsLedger store now: {why}.");
                case StoreFileKind.Damaged:
                    throw Damaged(Path, why!);
            }
            var (ledger, head) = StoreFile.ReadAsFound(Path, kind);
            RefuseAnotherLedger(ledger);
            _reached.RefuseEarlierEnd(Path, head);
            return Task.CompletedTask;
        }
        catch (SqliteException e)
        {
            throw Unreadable(e);
        }
    }

    private static async IAsyncEnumerable<RecordedEvent> Nothing([EnumeratorCancellation] CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await Task.CompletedTask;
        yield break;
    }

    /// <summary>
    /// Runs a read on a store that exists and is current; a new store, or one never written, reads empty. A native statement
    /// (bound by position), not a command with its reader and parameters: every question's catch-up makes two of these reads.
    /// </summary>
    private async IAsyncEnumerable<T> QueryAsync<T>(string sql, Action<SqliteStatement> bind, Func<SqliteStatement, T> read, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!Exists)
        {
            // Never written: empty. Written (this store made it or found it a ledger) and gone since: not empty, gone.
            if (_schemaReady) throw Gone();
            yield break;
        }
        if (!_schemaReady)
        {
            // The file appeared since the store was opened (another process wrote first), or it is of an earlier version.
            switch (InspectNow())
            {
                case (StoreFileKind.New, _): yield break;
                case (StoreFileKind.Ledger, _): _schemaReady = true; break;
                case (StoreFileKind.Earlier, _): await EnsureSchemaAsync(ct); break;
                case (StoreFileKind.Damaged, var why): throw Damaged(Path, why!);
                case (_, var why): throw new StoreUnavailableException($"{Path} is not a RelationsLedger store: {why}.");
            }
        }
        var (connection, query, more) = await StartAsync(sql, bind, ct);
        try
        {
            while (more)
            {
                yield return read(query);
                ct.ThrowIfCancellationRequested();
                more = Stepped(query);
            }
        }
        finally
        {
            query.Dispose(); // finalized before the connection gives its handle back to the pool
            await connection.DisposeAsync();
        }
    }

    /// <summary>Opens a connection, prepares and binds the statement and reads its first row; whatever fails, the statement is finalized and the connection closed here.</summary>
    private async Task<(SqliteConnection Connection, SqliteStatement Query, bool HasRow)> StartAsync(string sql, Action<SqliteStatement> bind, CancellationToken ct)
    {
        SqliteConnection connection;
        try
        {
            connection = await OpenConnectionAsync(ct);
        }
        catch (SqliteException e)
        {
            throw Unreadable(e);
        }
        SqliteStatement? query = null;
        try
        {
            query = new SqliteStatement(connection, sql);
            bind(query);
            ct.ThrowIfCancellationRequested();
            return (connection, query, Stepped(query));
        }
        catch (Exception e)
        {
            query?.Dispose();
            await connection.DisposeAsync();
            if (e is SqliteException s) throw Unreadable(s);
            throw;
        }
    }

    private bool Stepped(SqliteStatement query)
    {
        try
        {
            return query.Step();
        }
        catch (SqliteException e)
        {
            throw Unreadable(e);
        }
    }

    /// <summary>
    /// The file looked at as it is now, a read that fails said as the store unreadable: a file removed or replaced while it was
    /// read fails in SQLite ("disk I/O error"), and raw, that reached the server's live projection as an error with its stack
    /// rather than as the store away (StoreOutageLogTests failed so in round 45's CI).
    /// </summary>
    private (StoreFileKind Kind, string? Why) InspectNow()
    {
        try
        {
            return StoreFile.Inspect(Path);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            // IOException: the file gone between a look at it and its read (its -wal's frames are read before SQLite opens it).
            throw Unreadable(e);
        }
    }

    private StoreUnavailableException Unreadable(Exception e) => new($"Cannot read the store {Path}: {Reason(e, Path)}.", e);

    private StoreUnavailableException Gone() => new($"The store file {Path} is gone.");

    /// <summary>What went wrong with <paramref name="file"/>, in plain words (<see cref="SqliteFileFailure"/>).</summary>
    internal static string Reason(Exception e, string file) => e switch
    {
        SqliteException s => SqliteFileFailure.Reason(s.SqliteErrorCode, s.Message, file),
        _ => e.Message.TrimEnd('.'),
    };

    /// <summary>Clears the pools of the two connection strings this store opens its file with; no other pool.</summary>
    public void ClearPool()
    {
        foreach (var connectionString in (string[])[_connectionString, _existingFile])
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        ClearPool(); // the readers' handles first: the writer's, if open, closes last (GroupWriter.DisposeAsync)
        await _writer.DisposeAsync();
        ClearPool();
        _schemaGate.Dispose();
    }
}
