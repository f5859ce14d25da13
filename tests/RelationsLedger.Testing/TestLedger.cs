using System.Text.Json;
using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Demo;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Hosting;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Relationships;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Testing;

/// <summary>
/// A real ledger for a test, wired as the CLI and the API wire it (<see cref="LedgerServices"/>): an embedded
/// store file and its read model in a fresh folder (or a store the test names: a file or a live KurrentDB),
/// the application with the projections, and a clock the store stamps recorded-at times from.
/// </summary>
public sealed class TestLedger : IAsyncDisposable
{
    public static readonly string RussiaTaliban = RelationshipKey.Of("RU", "taliban").StreamName;
    public static readonly string UsAfghanistan = RelationshipKey.Of("US", "AF").StreamName;

    private readonly TempFolder? _ownFolder;

    private TestLedger(string path, TempFolder? folder, ManualClock clock, IEventStore store, ServiceProvider services, string readModelPath, TempFolder? ownFolder)
        => (Path, Folder, Clock, Store, Services, ReadModelPath, _ownFolder) = (path, folder, clock, store, services, readModelPath, ownFolder);

    /// <summary>The store as given: the file's path, or the connection string.</summary>
    public string Path { get; }

    /// <summary>The folder of an embedded ledger made for the test (null for a store the test named).</summary>
    public TempFolder? Folder { get; }

    public ManualClock Clock { get; }
    public IEventStore Store { get; }
    public ServiceProvider Services { get; }
    public string ReadModelPath { get; }

    public string StorePath => Path;

    /// <summary>A moment after the founding example's earlier events were recorded and before the later ones.</summary>
    public DateTimeOffset BetweenEarlierAndLater { get; private set; }

    /// <summary>A fresh embedded ledger (<c>ledger.db</c> in a new folder, or in <paramref name="folder"/>).</summary>
    /// <param name="storeVersion">The layout the new store file is made at (<see cref="StoreVersions"/>); the product's default when null.</param>
    public static async Task<TestLedger> OpenAsync(ManualClock? clock = null, ProjectionOptions? options = null, TempFolder? folder = null, int? storeVersion = null)
    {
        var own = folder is null ? new TempFolder() : null;
        var where = folder ?? own!;
        clock ??= new ManualClock();
        var path = where.File("ledger.db");
        var store = StoreVersions.MakeAt(await SqliteEventStore.OpenAsync(path, clock), storeVersion);
        var readModel = ReadModelDatabase.PathFor(path);
        return new(path, where, clock, store, LedgerServices.Build(store, readModel, options, clock), readModel, own);
    }

    /// <summary>A ledger on the store the test names: a file path, or a KurrentDB connection string.</summary>
    /// <param name="clock">The application's clock (a mend's default date, a validator's today); a KurrentDB server stamps recorded-at times itself.</param>
    /// <param name="historyCache">The bound of its history cache (<c>Api:HistoryCacheMegabytes</c> of a server); the default's when null.</param>
    /// <param name="storeVersion">For a file not made yet: the layout it is made at (<see cref="StoreVersions"/>); the product's default when null.</param>
    public static async Task<TestLedger> OpenAsync(string store, ManualClock? clock = null, HistoryCacheOptions? historyCache = null, int? storeVersion = null)
    {
        var location = StoreLocation.Parse(store);
        clock ??= new ManualClock();
        var opened = location.IsKurrentDb ? await LedgerStores.OpenAsync(location) : StoreVersions.MakeAt(await SqliteEventStore.OpenAsync(location.File!, clock), storeVersion);
        var own = location.IsKurrentDb ? new TempFolder() : null;
        var readModel = own is not null ? own.File("kurrentdb.projections.db") : location.ReadModelPath();
        var services = new ServiceCollection();
        if (historyCache is not null) services.AddSingleton(historyCache); // the application's default gives way to it
        return new(store, null, clock, opened, services.AddLedger(opened, readModel, clock: clock).BuildServiceProvider(), readModel, own);
    }

    public IMediator Mediator => Services.GetRequiredService<IMediator>();

    public ProjectionRunner Runner => Services.GetRequiredService<ProjectionRunner>();

    public RelationshipRepository Repository => new(Store);

    /// <summary>Sends a request in its own scope, as one CLI command or one HTTP request would.</summary>
    public async Task<T> Send<T>(IRequest<T> request, CancellationToken ct = default)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }

    /// <summary>Records a command at the clock's current time, then moves the clock one second on.</summary>
    public async Task<Recorded> RecordAsync(RecordCommand command)
    {
        var recorded = await Send(command);
        Clock.Advance(TimeSpan.FromSeconds(1));
        return recorded;
    }

    /// <summary>A new runner on the same files, as after a restart of the process.</summary>
    public ProjectionRunner NewRunner(ProjectionOptions? options = null) =>
        new(new ReadModelDatabase(ReadModelPath), Store, new RelationshipsProjection(), options);

    public async Task<IReadOnlyList<RecordedEvent>> AllEvents() => await Store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).ToListAsync();

    /// <summary>A stream's events as stored, in revision order.</summary>
    public async Task<List<LedgerEvent>> EventsAsync(string stream)
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in Store.ReadStreamAsync(stream, ReadDirection.Forwards, null, 10_000)) events.Add(LedgerEvent.Decode(e));
        return events;
    }

    /// <summary>The founding example (back-filled out of order), a correction and a retraction, and a second relationship.</summary>
    public async Task RecordFoundingExampleAsync()
    {
        foreach (var c in FoundingExample.Earlier) await Send(Fresh(c));
        await Pause();
        BetweenEarlierAndLater = Clock.Now;
        await Pause();
        var later = new List<Recorded>();
        foreach (var c in FoundingExample.Later) later.Add(await Send(Fresh(c)));
        var engagementAgain = (await Send(new Application.Queries.History.GetHistory("RU", "taliban"))).Single(e => e.EffectiveDate.ToString() == "2024");
        await Send(Provenanced(new CorrectEntry("RU", "taliban", engagementAgain.EventId.ToString(), "The forum was held in June.", "2024-06")));
        var project = later.Single(r => r.Type == "ProjectProposed");
        await Send(Provenanced(new RetractEntry("RU", "taliban", project.EventId.ToString(), "Reported as a plan, not a proposal.")));
        await RecordSecondRelationshipAsync();
    }

    /// <summary>Lets the clock move on a little: real time for a clock that follows the system's, a millisecond otherwise.</summary>
    private async Task Pause()
    {
        var before = Clock.Now;
        await Task.Delay(5);
        if (Clock.Now == before) Clock.Advance(TimeSpan.FromMilliseconds(1));
    }

    public async Task RecordSecondRelationshipAsync()
    {
        await Send(Provenanced(new OpenMission("US", "AF", "embassy", "Kabul") with { EffectiveDate = "2002-01-17" }));
        await Send(Provenanced(new CloseMission("US", "AF", "Evacuation") with { EffectiveDate = "2021-08-31" }));
    }

    /// <summary>The same command with a new id, so each ledger records its own events.</summary>
    public static RecordCommand Fresh(RecordCommand c) => c with { CommandId = Guid.NewGuid() };

    /// <summary>A command with a new id, a recorder and a source (and a date when it has none).</summary>
    public static T Provenanced<T>(T c) where T : RecordCommand => c with
    {
        CommandId = Guid.NewGuid(),
        EffectiveDate = c.EffectiveDate.Length > 0 ? c.EffectiveDate : "2025-08-01",
        RecordedBy = "auditor@example.org",
        Sources = [new SourceInput("Reuters", "Reporting", "https://www.reuters.com/", null, "2025-07")],
    };

    /// <summary>A command with an effective date, a recorder and a source.</summary>
    public static T Sourced<T>(T command, string effective) where T : RecordCommand =>
        command with { EffectiveDate = effective, RecordedBy = "tester", Sources = [new SourceInput("Reuters", "A report", "https://example.org/report", null, "2025-05")] };

    /// <summary>
    /// Runs SQL directly on the embedded store's file, as someone with access to it could, with <see cref="StoredJson"/>'s
    /// functions (<c>json_of</c>, <c>stored_like</c>, <c>id_of</c>) so that one edit of stored JSON works on every layout.
    /// </summary>
    public async Task SqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await StoredJson.OpenAsync(Path);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of the events table, byte for byte, in position order.</summary>
    public async Task<List<string>> RowsAsync()
    {
        if (!File.Exists(Path)) return [];
        await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT position, event_id, stream, revision, type, hex(data), hex(metadata), recorded_at FROM events ORDER BY position";
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        return rows;
    }

    /// <summary>
    /// This ledger with its store file at <paramref name="version"/> (<see cref="StoreVersions"/>): itself when the file is in that
    /// layout already; for the compact layout of a file made as text, this ledger closed, the file upgraded (<c>ledger store
    /// upgrade</c>: every event, id and position kept) and opened again, as a user upgrading between two commands would.
    /// A compact file is never made text again: a test that wants both makes its store at version 1 first.
    /// </summary>
    public async Task<TestLedger> AtVersionAsync(int version)
    {
        var compact = StoreVersions.IsCompact(await LedgerFiles.UserVersionAsync(Path));
        if (compact == StoreVersions.IsCompact(version)) return this;
        if (compact || _ownFolder is not null)
            throw new InvalidOperationException($"{Path} cannot be taken to version {version} here: make the ledger on a file of its test's folder at version {StoreVersions.Text}.");
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        await StoreUpgrade.RunAsync(Path, null, default);
        return await OpenAsync(Path, Clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Store.DisposeAsync();
        _ownFolder?.Dispose();
    }
}

public static class Sources
{
    public static readonly SourceInput Reuters = new("Reuters", "Reporting", PublishedOn: "2025");

    public static T On<T>(this T command, string effective) where T : RecordCommand =>
        command with { EffectiveDate = effective, RecordedBy = "test", Sources = [Reuters] };
}

/// <summary>JSON in the contract's conventions: how tests compare answers field by field.</summary>
public static class ContractJson
{
    public static string Of<T>(T value) => JsonSerializer.Serialize(value, LedgerJson.Contract);
}

/// <summary>
/// An embedded store's file as a fingerprint of what it holds: its write-ahead log is first folded into it
/// (a checkpoint moves committed pages, it changes no content), so the fingerprint changes only when
/// something was written — not when SQLite happened to checkpoint (another test clearing the pools, say).
/// </summary>
public static class StoreFingerprint
{
    public static async Task<string> OfAsync(string path)
    {
        if (!File.Exists(path)) return "no file";
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await cmd.ExecuteNonQueryAsync();
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Convert.ToHexString(await System.Security.Cryptography.SHA256.HashDataAsync(file));
    }
}
