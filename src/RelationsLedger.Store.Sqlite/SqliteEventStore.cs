using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>
/// The embedded event store: one SQLite file in WAL mode. The global position is the row's
/// autoincrement key; SQLite serialises writers, so positions become visible in order and a
/// reader of the log never sees a gap that later fills.
/// </summary>
public sealed class SqliteEventStore : IBatchAppendingStore, ILogHead, IStreamCatalog
{
    private readonly string _connectionString;
    private readonly AppendSignal _signal;
    private readonly TimeProvider _clock;
    private readonly Lazy<Task> _schema;
    private readonly string _pragmas;

    private const int UniqueConstraintFailed = 2067; // SQLITE_CONSTRAINT_UNIQUE

    /// <summary>How often a live subscription looks for events written by another process.</summary>
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public string Path { get; }

    public string Description => $"SQLite file {Path}";

    private SqliteEventStore(string path, string connectionString, TimeProvider clock, SqliteDurability durability)
    {
        Path = path;
        Durability = durability;
        // Set on every open: a pooled connection keeps its settings, but a new one starts from SQLite's
        // defaults. A 32 MB page cache (default 2 MB) keeps the event-id and stream indexes of a
        // million-event ledger in memory.
        _pragmas = $"PRAGMA synchronous = {(durability == SqliteDurability.Full ? "FULL" : "NORMAL")}; PRAGMA cache_size = -32768;";
        _connectionString = connectionString;
        _clock = clock;
        _signal = AppendSignal.For(path);
        _schema = new(CreateSchemaAsync);
    }

    public SqliteDurability Durability { get; }

    /// <summary>False until the file exists: a store that was never written to is not created by reading it.</summary>
    public bool Exists => File.Exists(Path);

    /// <summary>
    /// Opens the store file at <paramref name="path"/>. A missing file reads as an empty store and
    /// is created by the first append, so a refused or invalid command leaves no file behind.
    /// </summary>
    public static Task<SqliteEventStore> OpenAsync(string path, TimeProvider? clock = null, CancellationToken ct = default) =>
        OpenAsync(path, SqliteDurability.Full, clock, ct);

    /// <summary>Opens the store with an explicitly chosen <paramref name="durability"/>.</summary>
    public static async Task<SqliteEventStore> OpenAsync(string path, SqliteDurability durability, TimeProvider? clock = null, CancellationToken ct = default)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { } dir && !Directory.Exists(dir))
            throw new StoreUnavailableException($"Cannot open the store {full}: folder {dir} does not exist.");
        var cs = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        var store = new SqliteEventStore(full, cs, clock ?? TimeProvider.System, durability);
        if (store.Exists) await store._schema.Value.WaitAsync(ct);
        return store;
    }

    private async Task CreateSchemaAsync()
    {
        try
        {
            await using var connection = await OpenConnectionAsync(CancellationToken.None);
            await Schema.EnsureAsync(connection, CancellationToken.None);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException($"Cannot open the store {Path}: {e.Message}", e);
        }
    }

    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = _pragmas;
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    public async Task<AppendResult> AppendAsync(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
    {
        if (events.Count == 0) throw new ArgumentException("An append needs at least one event.", nameof(events));
        return (await AppendBatchAsync([new StreamAppend(stream, expected, events)], ct))[0];
    }

    /// <summary>
    /// Appends to several streams in one transaction: all or none, each append checked as
    /// <see cref="AppendAsync"/> checks it (after the appends before it in the batch). One commit, and so
    /// one sync of the log, for the whole batch: the bulk path for imports.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> AppendBatchAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default)
    {
        if (appends.Any(a => a.Events.Count == 0)) throw new ArgumentException("An append needs at least one event.", nameof(appends));
        await _schema.Value.WaitAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        IReadOnlyList<AppendResult> results;
        try
        {
            // Almost every append records new events: insert them all in one go. The unique index on
            // event ids still finds a repeated id, and then the whole transaction is rolled back ...
            results = await AppendInOneTransactionAsync(connection, appends, careful: false, ct);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == UniqueConstraintFailed)
        {
            // ... and done again append by append, each in a savepoint, so that a retried append is
            // answered with its original result and only the offending append is refused.
            results = await AppendInOneTransactionAsync(connection, appends, careful: true, ct);
        }
        if (results.Count > 0) _signal.Notify();
        return results;
    }

    private async Task<IReadOnlyList<AppendResult>> AppendInOneTransactionAsync(
        SqliteConnection connection, IReadOnlyList<StreamAppend> appends, bool careful, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct); // BEGIN IMMEDIATE: takes the write lock now
        await using var writes = new Writes(connection, tx);

        var results = new List<AppendResult>(appends.Count);
        var heads = new Dictionary<string, ulong?>(StringComparer.Ordinal); // each stream's revision, read once per batch
        var recordedAt = Math.Max(_clock.GetUtcNow().UtcTicks, await writes.LastRecordedTicksAsync(ct));
        foreach (var (stream, expected, events) in appends)
        {
            if (!heads.TryGetValue(stream, out var current)) heads[stream] = current = await writes.StreamRevisionAsync(stream, ct);
            if (!expected.IsMetBy(current))
            {
                // A retry of an append that was made already finds the stream moved on: answer it as before.
                results.Add(await writes.FindRepeatAsync(stream, events, ct) ?? throw new WrongExpectedRevisionException(stream, expected, current));
                continue;
            }
            if (careful) await tx.SaveAsync("append", ct);
            try
            {
                var revision = current is { } c ? c + 1 : 0;
                long position = 0;
                foreach (var e in events)
                    position = await writes.InsertAsync(stream, revision++, e, recordedAt, ct);
                if (careful) await tx.ReleaseAsync("append", ct);
                heads[stream] = revision - 1;
                results.Add(new(revision - 1, GlobalPosition.Of((ulong)position)));
            }
            catch (SqliteException e) when (careful && e.SqliteExtendedErrorCode == UniqueConstraintFailed)
            {
                await tx.RollbackAsync("append", ct);
                results.Add(await writes.FindRepeatAsync(stream, events, ct)
                    ?? throw new InvalidOperationException($"An append to '{stream}' broke a unique constraint without a recorded event id.", e));
            }
        }
        await tx.CommitAsync(ct);
        return results;
    }

    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
        string stream, ReadDirection direction, ulong? from, long maxCount, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (!Exists) yield break;
        await _schema.Value.WaitAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        var forwards = direction == ReadDirection.Forwards;
        cmd.CommandText = $"""
            SELECT {Rows.Columns} FROM events
            WHERE stream = $stream AND revision {(forwards ? ">=" : "<=")} $from
            ORDER BY revision {(forwards ? "ASC" : "DESC")} LIMIT $max
            """;
        cmd.Parameters.AddWithValue("$stream", stream);
        cmd.Parameters.AddWithValue("$from", from is { } f ? (long)Math.Min(f, long.MaxValue) : forwards ? 0 : long.MaxValue);
        cmd.Parameters.AddWithValue("$max", maxCount);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return Rows.Read(reader);
    }

    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(
        GlobalPosition? after, long maxCount, StreamFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (!Exists) yield break;
        await _schema.Value.WaitAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT {Rows.Columns} FROM events
            WHERE position > $after AND ($prefix IS NULL OR substr(stream, 1, length($prefix)) = $prefix)
            ORDER BY position LIMIT $max
            """;
        cmd.Parameters.AddWithValue("$after", (long)(after?.Commit ?? 0));
        cmd.Parameters.AddWithValue("$prefix", (object?)filter.StreamPrefix ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$max", maxCount);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return Rows.Read(reader);
    }

    public async IAsyncEnumerable<RecordedEvent> SubscribeToAllAsync(
        GlobalPosition? after, StreamFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        const int page = 1024;
        var checkpoint = after ?? GlobalPosition.Start;
        while (!ct.IsCancellationRequested)
        {
            // Take the signal before reading, so an append between the read and the wait still wakes us.
            var appended = _signal.NextAsync();
            var count = 0;
            await foreach (var e in ReadAllAsync(checkpoint, page, filter, ct))
            {
                count++;
                checkpoint = e.Position;
                yield return e;
            }
            if (count == page) continue;
            try
            {
                await appended.WaitAsync(PollInterval, ct);
            }
            catch (TimeoutException)
            {
                // Another process may have written: look again.
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                yield break;
            }
        }
    }

    /// <summary>The streams, from the (stream, revision) index.</summary>
    public async IAsyncEnumerable<string> StreamNamesAsync(StreamFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (!Exists) yield break;
        await _schema.Value.WaitAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT stream FROM events ORDER BY stream";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var stream = reader.GetString(0);
            if (filter.Matches(stream)) yield return stream;
        }
    }

    /// <summary>The global position of the last event, or null when the store is empty.</summary>
    public async Task<GlobalPosition?> HeadAsync(CancellationToken ct = default)
    {
        if (!Exists) return null;
        await using var connection = await OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MAX(position) FROM events";
        return await cmd.ExecuteScalarAsync(ct) is long p ? GlobalPosition.Of((ulong)p) : null;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        return ValueTask.CompletedTask;
    }
}
