using Microsoft.Data.Sqlite;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger record</c> and <c>ledger record-batch</c> as real processes while another connection (this test's) holds the embedded store's write lock
/// (<c>BEGIN IMMEDIATE</c>, as <c>sqlite3</c> or a long write elsewhere does). Stopped by SIGTERM or Ctrl+C (SIGINT) while it waits, it ends at
/// once — nothing is written before the lock is taken — with exit code 130 and "nothing was recorded", which is true; not
/// stopped, it waits and records once the lock is free. Before, the signal was not seen until the store's 30 s busy wait was
/// up (README's exit codes said so: 30.9 s, exit 4). "At once" is shown by the exit code, not by a clock: the wait ends in
/// exit 4 ("locked") once its 30 s are up, whatever signal came (GroupWriter.BeginAsync), so an end with 130 and "Cancelled"
/// while this test still holds the lock is the signal's. The signal is sent once the process has been refused the lock
/// (<see cref="WriteLockWait"/>: strace sees SQLite's refused <c>fcntl</c>), so it lands in that wait and nowhere earlier: an
/// earlier cancellation ends the command with the same words. The waits here only guard against hanging.
/// </summary>
public sealed class RecordWhileLockedTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private string[] Impose(string counterpart) => ["--store", Store, "record", "impose-designation", "--actor", "RU", "--counterpart", counterpart,
        "--list", "Federal list", "--authority", "Supreme Court", "--on", "2003-02-14", "--source", "publisher=Reuters;title=Ruling;published=2003-02"];

    /// <summary>The same record as a batch of one line: record-batch waits for the same lock the same way.</summary>
    private string[] ImposeAsBatch(string counterpart)
    {
        var file = _folder.File($"impose-{counterpart}-{Guid.NewGuid():N}.ndjson");
        File.WriteAllText(file, $$"""{"command": "impose-designation", "actor": "RU", "counterpart": "{{counterpart}}", "list": "Federal list", "authority": "Supreme Court", "effectiveDate": "2003-02-14", "recordedBy": "analyst", "sources": [{"publisher": "Reuters", "title": "Ruling", "publishedOn": "2003-02"}]}""" + "\n");
        return ["--store", Store, "record-batch", file];
    }

    [SkippableFact]
    public Task A_record_signalled_while_another_process_holds_the_write_lock_ends_at_once_having_recorded_nothing() =>
        SignalledWhileLockedAsync(Impose, "TERM");

    [SkippableFact]
    public Task A_record_batch_signalled_while_another_process_holds_the_write_lock_ends_at_once_having_recorded_nothing() =>
        SignalledWhileLockedAsync(ImposeAsBatch, "INT");

    private async Task SignalledWhileLockedAsync(Func<string, string[]> impose, string signal)
    {
        WriteLockWait.Require();
        var first = await LedgerCli.RunAsync(impose("taliban"));
        Assert.True(first.ExitCode == 0, first.Error);

        await using (await HoldWriteLockAsync())
        {
            using var process = LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), impose("AF"));
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            await WriteLockWait.UntilRefusedAsync(process, Store, error, HangGuard);

            await ProcessSignals.SendAsync(process, signal);
            await process.WaitForExitAsync().WaitAsync(HangGuard);

            Assert.True(process.ExitCode == 130, $"it ended {process.ExitCode} after the signal: {await error}");
            Assert.Equal("Cancelled; nothing was recorded.", (await error).Trim());
        }
        Assert.Equal(1, await EventsAsync());

        // Not signalled, it waits for the lock as before and records once it is free: the lock is let go once the process has
        // been refused it, not after a guess at how long it takes to get there.
        var holder = await HoldWriteLockAsync();
        using var waiting = LedgerCli.Start(_folder.Path, new Dictionary<string, string?>(), impose("AF"));
        var waitingError = waiting.StandardError.ReadToEndAsync();
        _ = waiting.StandardOutput.ReadToEndAsync();
        try
        {
            await WriteLockWait.UntilRefusedAsync(waiting, Store, waitingError, HangGuard);
        }
        finally
        {
            await holder.DisposeAsync();
        }
        await waiting.WaitForExitAsync().WaitAsync(HangGuard);
        Assert.True(waiting.ExitCode == 0, await waitingError);
        Assert.Equal(2, await EventsAsync());
    }

    /// <summary>A connection of this process holding the store's write lock (<c>BEGIN IMMEDIATE</c>) until it is disposed.</summary>
    private async Task<WriteLock> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection($"Data Source={Store};Pooling=False");
        await connection.OpenAsync();
        return new(connection, connection.BeginTransaction(deferred: false));
    }

    private sealed record WriteLock(SqliteConnection Connection, SqliteTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.RollbackAsync();
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    /// <summary>Far above anything a loaded machine needs: a process that has not done its step by then never will.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    private async Task<long> EventsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Store};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM events WHERE stream LIKE 'relationship-%'";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public void Dispose() => _folder.Dispose();
}
