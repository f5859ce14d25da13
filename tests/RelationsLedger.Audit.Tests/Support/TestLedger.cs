using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Mends;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Cli.Demo;
using RelationsLedger.Cli.Hosting;
using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Audit.Tests.Support;

/// <summary>A real SQLite ledger file in a temporary folder, the application's services on it, and raw SQL for tampering.</summary>
public sealed class TestLedger : IAsyncDisposable
{
    public static readonly string RussiaTaliban = RelationshipKey.Of("RU", "taliban").StreamName;
    public static readonly string UsAfghanistan = RelationshipKey.Of("US", "AF").StreamName;

    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;

    public string Path { get; }
    public IMediator Mediator { get; }

    /// <summary>A moment after the founding example's earlier events were recorded and before the later ones.</summary>
    public DateTimeOffset BetweenEarlierAndLater { get; private set; }

    private TestLedger(string path, ServiceProvider services)
    {
        Path = path;
        _services = services;
        _scope = services.CreateScope();
        Mediator = _scope.ServiceProvider.GetRequiredService<IMediator>();
    }

    public IEventStore Store => _services.GetRequiredService<IEventStore>();

    public static async Task<TestLedger> OpenAsync(string path) => new(path, await Services.ForStoreAsync(path, CancellationToken.None));

    public Task<T> Send<T>(IRequest<T> request) => Mediator.Send(request);

    /// <summary>The founding example (back-filled out of order), a correction and a retraction, and a second relationship.</summary>
    public async Task RecordFoundingExampleAsync()
    {
        foreach (var c in FoundingExample.Earlier) await Send(Fresh(c));
        await Task.Delay(5);
        BetweenEarlierAndLater = DateTimeOffset.UtcNow;
        await Task.Delay(5);
        var later = new List<Recorded>();
        foreach (var c in FoundingExample.Later) later.Add(await Send(Fresh(c)));
        var engagementAgain = (await Send(new Application.Queries.History.GetHistory("RU", "taliban"))).Single(e => e.EffectiveDate.ToString() == "2024");
        await Send(Provenanced(new CorrectEntry("RU", "taliban", engagementAgain.EventId.ToString(), "The forum was held in June.", "2024-06")));
        var project = later.Single(r => r.Type == "ProjectProposed");
        await Send(Provenanced(new RetractEntry("RU", "taliban", project.EventId.ToString(), "Reported as a plan, not a proposal.")));
        await RecordSecondRelationshipAsync();
    }

    public async Task RecordSecondRelationshipAsync()
    {
        await Send(Provenanced(new OpenMission("US", "AF", "embassy", "Kabul") with { EffectiveDate = "2002-01-17" }));
        await Send(Provenanced(new CloseMission("US", "AF", "Evacuation") with { EffectiveDate = "2021-08-31" }));
    }

    /// <summary>The same command with a new id, so each ledger records its own events.</summary>
    public static RecordCommand Fresh(RecordCommand c) => c with { CommandId = Guid.NewGuid() };

    public static T Provenanced<T>(T c) where T : RecordCommand => c with
    {
        CommandId = Guid.NewGuid(),
        EffectiveDate = c.EffectiveDate.Length > 0 ? c.EffectiveDate : "2025-08-01",
        RecordedBy = "auditor@example.org",
        Sources = [new SourceInput("Reuters", "Reporting", "https://www.reuters.com/", null, "2025-07")],
    };

    /// <summary>Runs SQL directly on the file, as someone with access to it could.</summary>
    public async Task SqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync();
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

    /// <summary>A stream's events as stored, in revision order.</summary>
    public async Task<List<LedgerEvent>> EventsAsync(string stream)
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in Store.ReadStreamAsync(stream, ReadDirection.Forwards, null, 10_000)) events.Add(LedgerEvent.Decode(e));
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _scope.Dispose();
        await _services.DisposeAsync();
    }
}
