using RelationsLedger.Application.Queries.AsOf;

namespace RelationsLedger.Projections.Tests;

/// <summary>
/// The read model's connection settings are applied to a pooled handle once, not at every open (round 24 of issue #16):
/// a rebuilt file put in place (loaded without a journal) must still be opened in WAL mode with NORMAL syncs.
/// </summary>
public sealed class ConnectionSettingsTests
{
    private static (string JournalMode, long Synchronous) SettingsOf(ReadModelDatabase database)
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        var mode = (string)cmd.ExecuteScalar()!;
        cmd.CommandText = "PRAGMA synchronous";
        return (mode, (long)cmd.ExecuteScalar()!);
    }

    [Fact]
    public async Task A_read_model_rebuilt_into_a_new_file_is_opened_in_WAL_mode_with_its_settings()
    {
        await using var ledger = await TestLedger.OpenAsync();
        await ledger.RecordFoundingExampleAsync();
        var database = new ReadModelDatabase(ledger.ReadModelPath);
        var expected = ContractJson.Of(await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01")) with { ReadModel = null });
        Assert.Equal(("wal", 1L), SettingsOf(database));
        Assert.Equal(("wal", 1L), SettingsOf(database)); // the pooled handle again

        await ledger.Runner.RebuildAsync(); // in bulk: a new file, loaded without a journal, put in place, the pool cleared

        Assert.Equal(("wal", 1L), SettingsOf(database));
        Assert.Equal(expected, ContractJson.Of(await ledger.Send(new GetRelationshipState("RU", "taliban", "2024-01-01")) with { ReadModel = null }));
    }
}
