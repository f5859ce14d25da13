using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

public sealed class RecordAndQueryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private Task<CliResult> Impose(string effective = "2003-02-14", params string[] extra) => Ledger([
        "record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
        "--list", "Federal list of terrorist organisations", "--authority", "Supreme Court",
        "--on", effective, "--source", "publisher=Reuters;title=Court ruling\\; reporting;published=2003-02", .. extra]);

    private async Task<int> EventCount()
    {
        var history = await Ledger("history", "RU", "taliban", "--json");
        return history.ExitCode == 0 ? JsonDocument.Parse(history.Out).RootElement.GetArrayLength() : 0;
    }

    [Fact]
    public async Task A_recorded_fact_shows_in_state_and_history_with_its_source()
    {
        var recorded = await Impose();
        Assert.True(recorded.ExitCode == 0, recorded.Error);
        Assert.Contains("Recorded DesignationImposed", recorded.Out, StringComparison.Ordinal);

        var state = await Ledger("state", "taliban", "RU", "--as-of", "2010-01-01", "--json");
        var designation = JsonDocument.Parse(state.Out).RootElement.GetProperty("designations")[0];
        Assert.Equal("in-force", designation.GetProperty("status").GetString());

        var history = JsonDocument.Parse((await Ledger("history", "RU", "taliban", "--json")).Out).RootElement[0];
        Assert.Equal("DesignationImposed", history.GetProperty("type").GetString());
        var source = history.GetProperty("sources")[0];
        Assert.Equal(("Reuters", "Court ruling; reporting", "2003-02"), (source.GetProperty("publisher").GetString(), source.GetProperty("title").GetString(), source.GetProperty("publishedOn").GetString()));

        var table = await Ledger("state", "RU", "taliban", "--as-of", "2010-01-01");
        Assert.Contains("in force", table.Out, StringComparison.Ordinal);
        Assert.Contains("2003-02-14", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_prints_every_error_exits_non_zero_and_writes_nothing()
    {
        var run = await Ledger("record", "impose-designation", "--actor", "Russia", "--counterpart", "taliban",
            "--list", "x", "--authority", "y", "--on", "2025-02-30", "--source", "title=only a title");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  --actor:", run.Error, StringComparison.Ordinal);
        Assert.Contains("  --on:", run.Error, StringComparison.Ordinal);
        Assert.Contains("  --source 1 publisher:", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "an invalid command must not even create the store");
    }

    [Fact]
    public async Task A_malformed_source_option_is_named()
    {
        var run = await Ledger("record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
            "--list", "x", "--authority", "y", "--on", "2003", "--source", "publisher=Reuters;headline=x");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'headline=x' is not one of", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));

        // A ';' in a value ends it: the message says how to write one (before, it named the rest as an unknown key, no more).
        var semicolon = await Ledger("record", "impose-designation", "--actor", "RU", "--counterpart", "taliban",
            "--list", "x", "--authority", "y", "--on", "2003", "--source", "publisher=Reuters;title=Sanctions; a review");
        Assert.Contains("'a review' is not one of", semicolon.Error, StringComparison.Ordinal);
        Assert.Contains(@"write it '\;'", semicolon.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contradiction_is_refused_naming_the_conflicting_event_and_writes_nothing()
    {
        Assert.Equal(0, (await Impose()).ExitCode);
        var firstId = JsonDocument.Parse((await Ledger("history", "RU", "taliban", "--json")).Out).RootElement[0].GetProperty("eventId").GetString()!;

        var again = await Impose("2010");
        Assert.Equal(3, again.ExitCode);
        Assert.Contains("already designates", again.Error, StringComparison.Ordinal);
        Assert.Contains(firstId, again.Error, StringComparison.Ordinal);
        Assert.Equal(1, await EventCount());
    }

    [Fact]
    public async Task Retrying_with_the_same_command_id_records_once()
    {
        var id = Guid.NewGuid().ToString();
        Assert.Equal(0, (await Impose("2003-02-14", "--command-id", id)).ExitCode);
        var retry = await Impose("2003-02-14", "--command-id", id);
        Assert.Equal(0, retry.ExitCode);
        Assert.Contains("Already recorded", retry.Out, StringComparison.Ordinal);
        Assert.Equal(1, await EventCount());
    }

    [Fact]
    public async Task Queries_on_a_missing_ledger_say_so()
    {
        var run = await Ledger("state", "RU", "AF");
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("no ledger", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kurrentdb_connection_string_selects_that_store_and_an_unreachable_server_is_named()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nobody listens on now
        var run = await LedgerCli.RunAsync("--store", $"kurrentdb://127.0.0.1:{port}?tls=false", "state", "RU", "taliban");
        Assert.Equal(4, run.ExitCode);
        Assert.Contains($"KurrentDB at 127.0.0.1:{port} is unreachable", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_with_a_malformed_day_is_rejected()
    {
        Assert.Equal(0, (await Impose()).ExitCode);
        var run = await Ledger("state", "RU", "taliban", "--as-of", "2025-05");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  --as-of:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_and_a_retraction_change_the_answer_and_history_shows_them()
    {
        Assert.Equal(0, (await Impose()).ExitCode);
        var id = JsonDocument.Parse((await Ledger("history", "RU", "taliban", "--json")).Out).RootElement[0].GetProperty("eventId").GetString()!;
        var correct = await Ledger("record", "correct-entry", "--party-a", "RU", "--party-b", "taliban", "--target", id,
            "--reason", "the ruling was dated 2003-02-13", "--corrected-effective-date", "2003-02-13", "--source", "publisher=Court;title=Ruling");
        Assert.True(correct.ExitCode == 0, correct.Error);
        var since = JsonDocument.Parse((await Ledger("state", "RU", "taliban", "--as-of", "2010-01-01", "--json")).Out)
            .RootElement.GetProperty("designations")[0].GetProperty("item").GetProperty("since").GetString();
        Assert.Equal("2003-02-13", since);

        var retract = await Ledger("record", "retract-entry", "--party-a", "RU", "--party-b", "taliban", "--target", id,
            "--reason", "entered in error", "--source", "publisher=Court;title=Ruling");
        Assert.True(retract.ExitCode == 0, retract.Error);
        var state = JsonDocument.Parse((await Ledger("state", "RU", "taliban", "--as-of", "2010-01-01", "--json")).Out).RootElement;
        Assert.Equal(0, state.GetProperty("designations").GetArrayLength());

        var history = JsonDocument.Parse((await Ledger("history", "RU", "taliban", "--json")).Out).RootElement;
        Assert.Equal(2, history[0].GetProperty("mendedBy").GetArrayLength());
        Assert.Equal(id, history[2].GetProperty("mends").GetString());
    }

    public void Dispose() => _folder.Dispose();
}
