using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Store.Sqlite;

/// <summary>What <see cref="StoreUpgrade.RunAsync"/> did: the file's version before and after, and the events it holds.</summary>
public sealed record StoreUpgradeResult(string Store, long FromVersion, long ToVersion, long Events, long BytesBefore, long BytesAfter);

/// <summary>
/// <c>ledger store upgrade</c>: makes a store file of version 1, 2 or 3 a file of version 4, the compact layout with zstd
/// (<see cref="Schema.ZstdLayout"/>; version 3, <see cref="Schema.CompactLayout"/>, is the same layout with Brotli). The events are copied, each as it is stored (every byte of its JSON given back as
/// written, a row the ledger did not write kept as found, the position counter kept), into a new file beside the store,
/// <c>&lt;store&gt;.upgrade</c>, which is synced and then renamed over the store: the store is either the old file or the whole
/// new one, never a half-copied one. A kill, a crash or Ctrl+C before the rename leaves the old file as it was (the next
/// upgrade deletes the unfinished copy); the new file has no free pages.
/// </summary>
public static class StoreUpgrade
{
    /// <summary>Events copied between progress reports (and between looks at the cancellation).</summary>
    private const int Chunk = 10_000;

    public static string CopyOf(string store) => store + ".upgrade";

    /// <param name="progress">Told the events copied so far and the total, after each <see cref="Chunk"/> events.</param>
    public static async Task<StoreUpgradeResult> RunAsync(string path, IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        var given = Path.GetFullPath(path);
        // A link's file is upgraded in its place and the link left as it is. Before, the copy was renamed over the link, which
        // became a file of its own, version 3, while the file it named — the ledger every other path to it opens — stayed at
        // version 1: two ledgers with one identity, written apart from then on.
        var store = FileStatus.LinkedFile(given);
        if (FileStatus.BrokenLink(given, store) is { } broken)
            throw new StoreUnavailableException($"There is no ledger in {given} to upgrade: {broken}.");
        try
        {
            await EnsureCurrentAsync(store, ct);
            RefuseReadOnly(store);
            return await UpgradeAsync(given, store, progress, ct);
        }
        catch (SqliteException e) when (SqliteFileFailure.IsOfThePlace(e.SqliteErrorCode))
        {
            // The store's own file (looked at, taken out of WAL mode, its log folded in, or read) where it lives failed: a full disk, say.
            // Before, "unexpected error: SqliteException: SQLite Error 13: 'database or disk is full'. This is a bug".
            throw new StoreUnavailableException($"Cannot upgrade {store}: {SqliteFileFailure.Reason(e.SqliteErrorCode, e.Message, store)}. " +
                "It was not changed; run 'ledger store upgrade' again once that is mended.", e);
        }
    }

    private static async Task<StoreUpgradeResult> UpgradeAsync(string given, string store, IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        var bytesBefore = new FileInfo(store).Length;
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = store, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 2,
        }.ToString());
        await source.OpenAsync(ct);
        var version = (long)(await ScalarAsync(source, "PRAGMA user_version", ct))!;
        if (version >= Schema.ZstdLayout)
            return new(given, version, version, (long)(await ScalarAsync(source, "SELECT count(*) FROM events", ct))!, bytesBefore, bytesBefore);
        // Asked first, not found out after the copy: a server or a writer with the file open would write on into the old file.
        await TakeOutOfWalAsync(source, store, ct);
        await ScalarAsync(source, "PRAGMA journal_mode = WAL", ct);
        var copy = CopyOf(store);
        RefuseUnusablePlace(store, copy);
        DeleteWithSideFiles(copy); // a killed upgrade's unfinished copy
        var moved = false;
        try
        {
            var copied = await CopyOrSayWhyNotAsync(store, copy, progress, ct);
            ct.ThrowIfCancellationRequested();
            // The swap: no other connection (the journal mode changes only then), the write lock held, nothing written since the copy.
            await TakeOutOfWalAsync(source, store, ct);
            await using var tx = (SqliteTransaction)await source.BeginTransactionAsync(ct);
            if (await CountAsync(source, tx, ct) != copied)
                throw new StoreUnavailableException($"Events were recorded in {store} while it was being upgraded: it was not changed (still version {version}). " +
                    "Run 'ledger store upgrade' again when nothing writes to it.");
            File.Move(copy, store, overwrite: true);
            moved = true;
            await tx.RollbackAsync(CancellationToken.None);
            return new(given, version, Schema.ZstdLayout, copied.Events, bytesBefore, new FileInfo(store).Length);
        }
        finally
        {
            DeleteWithSideFiles(copy);
            // The old file back in WAL mode when it is still the store (a refused, failed or cancelled upgrade). Not once it is
            // replaced: its connection would make a log at the store's path, beside the new file.
            if (!moved) await BackToWalAsync(source);
        }
    }

    private static async Task BackToWalAsync(SqliteConnection source)
    {
        try
        {
            if (source.State == System.Data.ConnectionState.Open) await ScalarAsync(source, "PRAGMA journal_mode = WAL", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // Left in rollback-journal mode, which every build reads and writes: the store holds what it held.
        }
    }

    /// <summary>Refuses what is not a store, and makes a store of before the ledger's mark current, as its first use would.</summary>
    private static async Task EnsureCurrentAsync(string store, CancellationToken ct)
    {
        if (StoreFile.Inspect(store).Kind == StoreFileKind.New)
            throw new StoreUnavailableException($"There is no ledger in {store} to upgrade (no file, or no events): a new store is made at its first event.");
        await using var opened = await SqliteEventStore.OpenAsync(store, ct: ct); // refuses a file that is not a store, as every command does
        await opened.IdentityAsync(ct);
    }

    /// <summary>
    /// A store an auditor may not change stays as it is: one whose mode gives its owner no write permission, or on a read-only
    /// file system. (The root user could write it anyway; the mode says the file is not to be written.)
    /// </summary>
    private static void RefuseReadOnly(string store)
    {
        var why = FileStatus.ReadOnlyReason(store);
        if (why is not null)
            throw new StoreUnavailableException($"Cannot upgrade {store}: {why}. It was not changed, and it is read as it is (version 1 or 2 files keep working); " +
                "to upgrade it, copy it with its -wal file to a writable place, or make it writable.");
    }

    /// <summary>
    /// The new file's name, or one of its side files' (<see cref="SqliteFilePlace.SideFiles"/>), taken by a folder, a FIFO or a
    /// device, which the upgrade would neither delete nor write: before, SQLite's "unable to open database file" or "disk I/O
    /// error" was reported as a bug.
    /// </summary>
    private static void RefuseUnusablePlace(string store, string copy)
    {
        foreach (var taken in (string[])[copy, .. SqliteFilePlace.SideFiles.Select(side => copy + side)])
            if ((Directory.Exists(taken) || !FileStatus.IsRegularFile(taken)) && SqliteFilePlace.Problem(taken) is { } why)
                throw new StoreUnavailableException($"Cannot upgrade {store}: its new file is written beside it as {copy}, and {taken} is in the way ({why}). " +
                    "It was not changed; move that away and run 'ledger store upgrade' again.");
    }

    /// <summary><see cref="CopyAsync"/>, a failure of the place the copy is written in (a full disk) said in words about the copy.</summary>
    private static async Task<(long Events, long Last, long Counter)> CopyOrSayWhyNotAsync(string store, string copy, IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        try
        {
            return await CopyAsync(store, copy, progress, ct);
        }
        catch (SqliteException e) when (SqliteFileFailure.IsOfThePlace(e.SqliteErrorCode))
        {
            throw new StoreUnavailableException($"Cannot upgrade {store}: its new file {copy} could not be written: {SqliteFileFailure.Reason(e.SqliteErrorCode, e.Message, copy)}. " +
                "It was not changed, and the unfinished copy is deleted; run 'ledger store upgrade' again once that is mended (the new file needs about as much room as the store).", e);
        }
        catch (IOException e)
        {
            throw new StoreUnavailableException($"Cannot upgrade {store}: its new file {copy} could not be synced: {e.Message} It was not changed, and the unfinished copy is deleted.", e);
        }
    }

    /// <summary>
    /// The events, the ledger's identity and the position counter into a new file at <paramref name="copy"/>, in one read
    /// transaction of the store (one moment of it). No journal and no syncs while it is written: it is not the store until it is
    /// renamed, and it is synced before that.
    /// </summary>
    private static async Task<(long Events, long Last, long Counter)> CopyAsync(string store, string copy, IProgress<(long Done, long Total)>? progress, CancellationToken ct)
    {
        (long Events, long Last, long Counter) counted;
        await using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
        {
            await c.OpenAsync(ct);
            // Each value as every reader reads it (a version 3 file's Brotli decoded), written again as zstd; one that does not
            // decode (an edited row) is kept as found, so verify names it after the upgrade as before.
            c.CreateFunction("compact_json", (byte[] value) => CompactJson.TryDecode(value, out var json, out _) ? CompactJson.Encode(json, CompactJson.Zstd) : value, isDeterministic: true);
            c.CreateFunction("compact_id", (string id) => CanonicalUuid(id) is { } uuid ? uuid.ToByteArray(bigEndian: true) : null, isDeterministic: true);
            await ExecuteAsync(c, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072", ct);
            await ExecuteAsync(c, $"ATTACH DATABASE {Quote(store)} AS old", ct);
            await using (var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct))
            {
                var total = (long)(await ScalarAsync(c, "SELECT count(*) FROM old.events", ct, tx))!;
                // The unique indexes are made after the rows (each built in one pass, its pages full); the same constraints as the
                // table's UNIQUE columns in versions 1 and 2, refused with the same error.
                await ExecuteAsync(c, $"""
                    PRAGMA application_id = {Schema.ApplicationId};
                    PRAGMA user_version = {Schema.ZstdLayout};
                    {Schema.EventsTable(compact: true)}
                    {Schema.LedgerTable}
                    INSERT INTO main.ledger SELECT * FROM old.ledger;
                    """, ct, tx);
                long done = 0, after = long.MinValue;
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    // Each value kept as found unless it is what the ledger writes: a BLOB of JSON, a UUID's text.
                    await using var cmd = c.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText = """
                        INSERT INTO main.events (position, event_id, stream, revision, type, data, metadata, recorded_at)
                        SELECT position,
                               COALESCE(CASE WHEN typeof(event_id) = 'text' THEN compact_id(event_id) END, event_id),
                               stream, revision, type,
                               CASE WHEN typeof(data) = 'blob' THEN compact_json(data) ELSE data END,
                               CASE WHEN typeof(metadata) = 'blob' THEN compact_json(metadata) ELSE metadata END,
                               recorded_at
                        FROM old.events WHERE position > $after ORDER BY position LIMIT $chunk
                        RETURNING position
                        """;
                    cmd.Parameters.AddWithValue("$after", after);
                    cmd.Parameters.AddWithValue("$chunk", Chunk);
                    var rows = 0;
                    await using (var r = await cmd.ExecuteReaderAsync(ct))
                        while (await r.ReadAsync(ct))
                        {
                            rows++;
                            after = Math.Max(after, r.GetInt64(0));
                        }
                    if (rows == 0) break;
                    done += rows;
                    progress?.Report((done, total));
                }
                await ExecuteAsync(c, $"""
                    DELETE FROM main.sqlite_sequence;
                    INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM old.sqlite_sequence WHERE name = 'events';
                    {Schema.CompactIndexes}
                    """, ct, tx);
                counted = await CountAsync(c, tx, ct);
                await tx.CommitAsync(ct);
            }
            await ExecuteAsync(c, "DETACH DATABASE old; PRAGMA journal_mode = WAL", ct);
        }
        // Closed, the copy is one file (its log folded in); synced before it can take the store's place.
        if (new FileInfo(copy + "-wal") is { Exists: true, Length: > 0 })
            throw new StoreUnavailableException($"Cannot upgrade {store}: the new file's write-ahead log was not folded into it. The store was not changed.");
        await using (var file = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
            file.Flush(flushToDisk: true);
        return counted;
    }

    /// <summary>The events, the last position and the position counter of the file <paramref name="c"/> is open on ("main").</summary>
    private static async Task<(long Events, long Last, long Counter)> CountAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT count(*), COALESCE(max(position), 0), COALESCE((SELECT seq FROM main.sqlite_sequence WHERE name = 'events'), 0) FROM main.events";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }

    /// <summary>The UUID a text is when it is in exactly the form the ledger writes (lowercase, 36 characters), so its 16 bytes give it back.</summary>
    private static Guid? CanonicalUuid(string text) =>
        text.Length == 36 && Guid.TryParseExact(text, "D", out var id) && string.Equals(id.ToString("D"), text, StringComparison.Ordinal) ? id : null;

    /// <summary>
    /// Takes the store out of WAL mode, which SQLite does only when no other connection has the file open: a running
    /// <c>ledger serve</c>, a <c>ledger record</c> under way. Refused, naming that, when one does.
    /// </summary>
    private static async Task TakeOutOfWalAsync(SqliteConnection source, string store, CancellationToken ct)
    {
        try
        {
            if (string.Equals(await ScalarAsync(source, "PRAGMA journal_mode = DELETE", ct) as string, "delete", StringComparison.OrdinalIgnoreCase)) return;
        }
        catch (SqliteException e) when (SqliteBusy.Is(e))
        {
            throw InUse(store, e);
        }
        throw InUse(store, null);
    }

    /// <summary>The refusal names the process (or processes) holding the file when this one can see them: a server, a command, another upgrade.</summary>
    private static StoreUnavailableException InUse(string store, Exception? inner) =>
        new($"Cannot upgrade {store}: another process has it open ({FileHolders.Describe(store) ?? "a running 'ledger serve'?"}). It was not changed; " +
            "stop that process and run 'ledger store upgrade' again.", inner);

    private static void DeleteWithSideFiles(string path)
    {
        foreach (var f in (string[])[path, .. SqliteFilePlace.SideFiles.Select(side => path + side)])
            if (File.Exists(f)) File.Delete(f);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task ExecuteAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }
}
