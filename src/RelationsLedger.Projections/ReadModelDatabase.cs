using Microsoft.Data.Sqlite;
using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections;

/// <summary>
/// The local SQLite file that holds the read models and their checkpoints. It is a sibling of
/// the event store's file (<c>ledger.db</c> → <c>ledger.projections.db</c>), never the same file:
/// projection batches then never hold the write lock appenders need, and a read model can be
/// thrown away and rebuilt without touching the log. With KurrentDB it is any local path.
/// </summary>
public sealed class ReadModelDatabase
{
    private readonly string _connectionString;

    public string Path { get; }

    public ReadModelDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>
    /// The read-model file that belongs to an embedded store file: its name with <c>.db</c> replaced (<c>ledger.db</c> →
    /// <c>ledger.projections.db</c>), or the whole name followed by <c>.projections.db</c> when it ends otherwise
    /// (<c>ledger.v1</c> → <c>ledger.v1.projections.db</c>). Until round 65 any extension was replaced, so stores told apart by
    /// theirs (<c>ledger.v1</c>, <c>ledger.v2</c>) shared one read model, and each question to the other store made it again.
    /// </summary>
    public static string PathFor(string storeFile)
    {
        var full = System.IO.Path.GetFullPath(storeFile);
        var stem = full.EndsWith(StoreExtension, StringComparison.OrdinalIgnoreCase) ? full[..^StoreExtension.Length] : full;
        return stem + ".projections.db";
    }

    private const string StoreExtension = ".db";

    /// <summary>Whether the file at <see cref="Path"/> was found to be a read model (it is looked at once, before anything opens it).</summary>
    private volatile bool _ours;

    /// <summary>Refuses, before anything opens, writes, replaces or throws away the file, one that is not a read model (<see cref="Runner.ReadModelFile.EnsureOurs"/>).</summary>
    /// <exception cref="Runner.ReadModelUnavailableException">The file is the store, another application's database, or no database at all.</exception>
    public void EnsureOurs()
    {
        if (_ours) return;
        Runner.ReadModelFile.EnsureOurs(Path);
        _ours = true;
    }

    /// <exception cref="Runner.ReadModelUnavailableException">The file is not a read model, or cannot be opened where it is (a full disk, permissions, a lock).</exception>
    public SqliteConnection Open()
    {
        EnsureOurs();
        return OpenWithSettings();
    }

    /// <summary>
    /// Opens a connection and makes its first use (<paramref name="start"/>), which <paramref name="release"/> undoes when it fails.
    /// Opens at the same moment get handles of their own, also while the pool is cleared on another thread (the discard of
    /// an unreadable file, a test's <c>ClearAllPools</c>): Microsoft.Data.Sqlite 10.0.15 or later (PoolClearingQueryTests).
    /// </summary>
    public T Open<T>(Func<SqliteConnection, T> start, Action<SqliteConnection> release)
    {
        var connection = Open();
        try
        {
            return start(connection);
        }
        catch
        {
            release(connection);
            throw;
        }
    }

    /// <summary>
    /// WAL: readers never block the runner. NORMAL is enough: a lost last commit after a power cut only loses its checkpoint
    /// with it, so the events are applied again, never twice.
    /// </summary>
    private const string Settings = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;";

    private SqliteConnection OpenWithSettings()
    {
        var connection = new ReadModelConnection(_connectionString);
        try
        {
            connection.Open();
            var handle = connection.Handle!;
            if (SqliteHandleSettings.AreApplied(handle, Settings)) return connection; // a pooled handle keeps them
            using var pragma = connection.CreateCommand();
            pragma.CommandText = Settings;
            pragma.ExecuteNonQuery();
            SqliteHandleSettings.MarkApplied(handle, Settings);
            return connection;
        }
        catch (SqliteException e) when (Runner.ReadModelFile.IsOfThePlace(e))
        {
            connection.Dispose();
            throw Runner.ReadModelFile.CannotUse(Path, e, stillAnswers: false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A connection to a fresh file being bulk loaded (a rebuild): no journal, no syncs, exclusive,
    /// a large page cache. Safe only because the file is put in place after it is complete, and a
    /// crash before that just means starting again.
    /// </summary>
    internal static ReadModelConnection OpenForBulkLoad(string path)
    {
        var connection = OpenPlain(path);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -131072; PRAGMA threads = 2;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>A connection without pooling or pragmas.</summary>
    /// <param name="waitSeconds">How long a statement waits for another connection's lock.</param>
    internal static ReadModelConnection OpenPlain(string path, int waitSeconds = 30)
    {
        var connection = new ReadModelConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = waitSeconds,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Clears the pool of the one connection string the read model is opened with pooled (<see cref="Open()"/>); no other pool.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
