using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Application.Tests;

/// <summary>The application on a real SQLite file, wired as the CLI wires it.</summary>
public sealed class Ledger : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("relationsledger-app-").FullName;
    private ServiceProvider? _services;

    public string StorePath => Path.Combine(_folder, "ledger.db");

    public SqliteEventStore Store { get; private set; } = null!;

    public static async Task<Ledger> OpenAsync(TimeProvider? clock = null)
    {
        var ledger = new Ledger();
        ledger.Store = await SqliteEventStore.OpenAsync(ledger.StorePath);
        var services = new ServiceCollection().AddRelationsLedger();
        services.AddSingleton<IEventStore>(ledger.Store);
        if (clock is not null) services.AddSingleton(clock);
        ledger._services = services.BuildServiceProvider();
        return ledger;
    }

    /// <summary>Sends a request in its own scope, as one CLI command or one HTTP request would.</summary>
    public async Task<T> Send<T>(IRequest<T> request)
    {
        using var scope = _services!.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    public async Task<IReadOnlyList<RecordedEvent>> AllEvents() => await Store.ReadAllAsync(null, long.MaxValue, StreamFilter.All).ToListAsync();

    public static T Sourced<T>(T command, string effective) where T : RecordCommand =>
        command with { EffectiveDate = effective, RecordedBy = "tester", Sources = [new SourceInput("Reuters", "A report", "https://example.org/report", null, "2025-05")] };

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // best effort
    }
}

/// <summary>A clock fixed at a chosen moment, for "not in the future" rules.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
