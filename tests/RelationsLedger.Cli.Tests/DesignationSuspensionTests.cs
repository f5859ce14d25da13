using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A designation suspended (still listed, not in force) and reinstated, end to end through the CLI on a real
/// file: state as of a day (JSON and table), history, audit diff, designations-by/of from the read model, the
/// rules that refuse what is not in force or not suspended, and verify.
/// </summary>
public sealed class DesignationSuspensionTests : IDisposable
{
    private const string List = "Federal list of terrorist organisations";
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private Task<CliResult> Record(string command, string on, string authority = "Supreme Court of the Russian Federation") => Ledger(
        "record", command, "--actor", "RU", "--counterpart", "taliban", "--list", List, "--authority", authority,
        "--on", on, "--source", "publisher=Reuters;title=Russia's Supreme Court and the Taliban;published=2025-04-17");

    private async Task<JsonElement> Json(params string[] args)
    {
        var run = await Ledger([.. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    private async Task<JsonElement> DesignationAsOf(string day) => (await Json("state", "RU", "taliban", "--as-of", day)).GetProperty("designations")[0];

    private async Task<int> EventCount() => (await Json("history", "RU", "taliban")).GetArrayLength();

    private static async Task Ok(Task<CliResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.Error);
    }

    [Fact]
    public async Task A_suspended_designation_is_listed_but_not_in_force_and_reinstating_restores_it()
    {
        await Ok(Record("impose-designation", "2003-02-14"));
        await Ok(Record("suspend-designation", "2025-04-17"));

        Assert.Equal("in-force", (await DesignationAsOf("2025-04-16")).GetProperty("status").GetString());
        var suspended = await DesignationAsOf("2025-05-01");
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        Assert.Equal("certain", suspended.GetProperty("certainty").GetString());
        Assert.Equal("2025-04-17", suspended.GetProperty("item").GetProperty("suspended").GetProperty("on").GetString());
        Assert.Equal("DesignationSuspended", suspended.GetProperty("item").GetProperty("suspended").GetProperty("type").GetString());

        var table = await Ledger("state", "RU", "taliban", "--as-of", "2025-05-01");
        Assert.Contains("suspended", table.Out, StringComparison.Ordinal);
        Assert.Contains("2003-02-14 → 2025-04-17", table.Out, StringComparison.Ordinal);

        // Across relationships (answered by the read model): still listed, with its status.
        var by = (await Json("designations-by", "RU", "--as-of", "2025-05-01")).GetProperty("items");
        Assert.Equal("suspended", Assert.Single(by.EnumerateArray()).GetProperty("status").GetString());
        var of = (await Json("designations-of", "taliban", "--as-of", "2025-05-01")).GetProperty("items");
        Assert.Equal("suspended", Assert.Single(of.EnumerateArray()).GetProperty("status").GetString());
        Assert.Contains("suspended", (await Ledger("designations-by", "RU", "--as-of", "2025-05-01")).Out, StringComparison.Ordinal);

        await Ok(Record("reinstate-designation", "2025-09-01"));
        var reinstated = await DesignationAsOf("2025-10-01");
        Assert.Equal("in-force", reinstated.GetProperty("status").GetString());
        Assert.Equal("2025-09-01", reinstated.GetProperty("item").GetProperty("since").GetString());
        Assert.Equal("suspended", (await DesignationAsOf("2025-08-31")).GetProperty("status").GetString());
        Assert.Equal("in-force", Assert.Single((await Json("designations-of", "taliban", "--as-of", "2025-10-01")).GetProperty("items").EnumerateArray()).GetProperty("status").GetString());

        var history = await Json("history", "RU", "taliban");
        Assert.Equal(["DesignationImposed", "DesignationSuspended", "DesignationReinstated"],
            history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));

        var audit = await Ledger("audit", "RU", "taliban");
        Assert.True(audit.ExitCode == 0, audit.Error);
        Assert.Contains("DesignationSuspended", audit.Out, StringComparison.Ordinal);
        Assert.Contains("suspended", audit.Out, StringComparison.Ordinal);

        var verify = await Ledger("verify");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
    }

    [Fact]
    public async Task The_rules_refuse_suspending_what_is_not_in_force_and_reinstating_what_is_not_suspended()
    {
        var nothing = await Record("suspend-designation", "2025-04-17");
        Assert.Equal(3, nothing.ExitCode);
        Assert.Contains("there is no record of it", nothing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store) && await EventCount() > 0);

        await Ok(Record("impose-designation", "2003-02-14"));
        var notSuspended = await Record("reinstate-designation", "2010");
        Assert.Equal(3, notSuspended.ExitCode);
        Assert.Contains("is in force (since 2003-02-14), not suspended", notSuspended.Error, StringComparison.Ordinal);

        var beforeImposed = await Record("suspend-designation", "2001");
        Assert.Equal(3, beforeImposed.ExitCode);

        await Ok(Record("suspend-designation", "2025-04-17"));
        var twice = await Record("suspend-designation", "2025-05");
        Assert.Equal(3, twice.ExitCode);
        Assert.Contains("already suspended (since 2025-04-17)", twice.Error, StringComparison.Ordinal);

        var imposeWhileSuspended = await Record("impose-designation", "2025-06");
        Assert.Equal(3, imposeWhileSuspended.ExitCode);
        Assert.Contains("reinstate it instead", imposeWhileSuspended.Error, StringComparison.Ordinal);

        Assert.Equal(2, await EventCount());
    }

    [Fact]
    public async Task Removing_a_suspended_designation_ends_it_and_it_can_no_longer_be_reinstated()
    {
        await Ok(Record("impose-designation", "2003-02-14"));
        await Ok(Record("suspend-designation", "2025-04-17"));
        await Ok(Record("remove-designation", "2025-07-01"));

        var removed = await DesignationAsOf("2025-08-01");
        Assert.Equal("ended", removed.GetProperty("status").GetString());
        Assert.Equal("DesignationRemoved", removed.GetProperty("item").GetProperty("ended").GetProperty("type").GetString());
        Assert.Empty((await Json("designations-by", "RU", "--as-of", "2025-08-01")).GetProperty("items").EnumerateArray());

        var reinstate = await Record("reinstate-designation", "2025-09");
        Assert.Equal(3, reinstate.ExitCode);
        Assert.Contains("it ended on 2025-07-01", reinstate.Error, StringComparison.Ordinal);
        var suspend = await Record("suspend-designation", "2025-09");
        Assert.Equal(3, suspend.ExitCode);
        Assert.Contains("it ended on 2025-07-01", suspend.Error, StringComparison.Ordinal);

        // Imposed again after the removal: a new listing, in force.
        await Ok(Record("impose-designation", "2026-01"));
        Assert.Equal("in-force", (await DesignationAsOf("2026-02-01")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_suspension_back_filled_before_a_later_removal_is_placed_in_effective_order()
    {
        await Ok(Record("impose-designation", "2003-02-14"));
        await Ok(Record("remove-designation", "2025-07-01"));
        // Found later: the court had suspended the ban first. Before the removal the listing was in force, so this holds.
        await Ok(Record("suspend-designation", "2025-04-17"));

        Assert.Equal("suspended", (await DesignationAsOf("2025-05-01")).GetProperty("status").GetString());
        Assert.Equal("ended", (await DesignationAsOf("2025-08-01")).GetProperty("status").GetString());
    }

    public void Dispose() => _folder.Dispose();
}
