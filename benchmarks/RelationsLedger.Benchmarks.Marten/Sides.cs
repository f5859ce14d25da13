using JasperFx;
using JasperFx.Events;
using Marten;
using RelationsLedger.Benchmarks.Macro;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Benchmarks.Marten;

/// <summary>
/// The two stores under test, opened once for the whole run: the ledger's SQLite store in a fresh file at FULL
/// durability (a sync per commit), and a Marten event store in a PostgreSQL schema of its own (PostgreSQL's
/// defaults: fsync on, synchronous_commit on). Streams are keyed by string on both sides.
/// </summary>
public sealed class Sides : IAsyncDisposable
{
    private readonly string _file;

    private Sides(string file, SqliteEventStore ledger, DocumentStore marten, string connection) =>
        (_file, Ledger, Marten, Connection) = (file, ledger, marten, connection);

    public SqliteEventStore Ledger { get; }

    public DocumentStore Marten { get; }

    public string Connection { get; }

    /// <summary>Streams each side wrote in the append scenarios, read back by the read scenario.</summary>
    public List<string> Streams { get; } = [];

    public static async Task<Sides> OpenAsync(string connection)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rl-peer-{Environment.ProcessId}.db");
        Ledgers.Delete(file);
        var marten = await OpenMartenAsync(connection, "peer_append", projection: false);
        return new Sides(file, await Ledgers.OpenSqliteAsync(file), marten, connection);
    }

    /// <summary>A Marten store on a fresh schema (dropped first), with the summary projection when asked (rebuild only).</summary>
    public static async Task<DocumentStore> OpenMartenAsync(string connection, string schema, bool projection)
    {
        await using (var data = Npgsql.NpgsqlDataSource.Create(connection))
        await using (var drop = data.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            await drop.ExecuteNonQueryAsync();
        var store = DocumentStore.For(opts =>
        {
            opts.Connection(connection);
            opts.DatabaseSchemaName = schema;
            opts.Events.StreamIdentity = StreamIdentity.AsString;
            opts.AutoCreateSchemaObjects = AutoCreate.All;
            if (projection) opts.Projections.Add<SummaryProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Async);
        });
        // Create the tables now, so that no append in a timed scenario pays for the schema.
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await Ledger.DisposeAsync();
        Marten.Dispose();
        Ledgers.Delete(_file);
    }
}
