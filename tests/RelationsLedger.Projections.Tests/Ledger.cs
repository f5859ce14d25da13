using System.Text.Json;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Runner;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Projections.Tests;

/// <summary>A clock the test moves: the store stamps recorded-at times from it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>
/// A real ledger for a test: an embedded store file and its read-model file in a fresh folder,
/// the application with the projections, and a clock for recorded-at times.
/// </summary>
public sealed class Ledger : IAsyncDisposable
{
    public TempFolder Folder { get; }
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public SqliteEventStore Store { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public string ReadModelPath => ReadModelDatabase.PathFor(Folder.File("ledger.db"));

    private Ledger(TempFolder folder) => Folder = folder;

    public static async Task<Ledger> OpenAsync(ProjectionOptions? options = null, TempFolder? folder = null)
    {
        var ledger = new Ledger(folder ?? new TempFolder());
        ledger.Store = await SqliteEventStore.OpenAsync(ledger.Folder.File("ledger.db"), ledger.Clock);
        var services = new ServiceCollection();
        services.AddRelationsLedger();
        services.AddSingleton<IEventStore>(ledger.Store);
        services.AddProjections(ledger.ReadModelPath, options);
        ledger.Services = services.BuildServiceProvider();
        return ledger;
    }

    public IMediator Mediator => Services.GetRequiredService<IMediator>();

    public ProjectionRunner Runner => Services.GetRequiredService<ProjectionRunner>();

    public RelationshipRepository Repository => new(Store);

    /// <summary>Records a command at the clock's current time, then moves the clock one second on.</summary>
    public async Task<Recorded> RecordAsync(RecordCommand command)
    {
        var recorded = await Mediator.Send(command);
        Clock.Advance(TimeSpan.FromSeconds(1));
        return recorded;
    }

    /// <summary>A new runner on the same files, as after a restart of the process.</summary>
    public ProjectionRunner NewRunner(ProjectionOptions? options = null) =>
        new(new ReadModelDatabase(ReadModelPath), Store, new Relationships.RelationshipsProjection(), options);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Store.DisposeAsync();
        Folder.Dispose();
    }
}

public static class Sources
{
    public static readonly SourceInput Reuters = new("Reuters", "Reporting", PublishedOn: "2025");

    public static T On<T>(this T command, string effective) where T : RecordCommand =>
        command with { EffectiveDate = effective, RecordedBy = "test", Sources = [Reuters] };
}

/// <summary>JSON in the contract's conventions: how tests compare answers field by field.</summary>
public static class Json
{
    public static string Of<T>(T value) => JsonSerializer.Serialize(value, LedgerJson.Contract);
}

/// <summary>A fresh folder for a test's files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("relationsledger-proj-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } // best effort
    }
}
