using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Round 69's hostile test of the domain's rules: a mutual event names its two parties in either order (docs/events.md), so a
/// correction that only names them the other way round changes nothing any answer shows, and is refused as every correction
/// that restates its target is (<c>MendGuards</c>), through <c>record</c> and <c>record-batch</c> on a real file. Before, it was
/// recorded: an entry in the trail saying the agreement was corrected when nothing was.
/// </summary>
public sealed class MutualPartiesSwappedTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static readonly string[] Source = ["--source", "publisher=Reuters;title=Russia and Afghanistan sign a trade pact;published=2025-05"];

    private async Task<string> SignAsync()
    {
        var signed = await Ledger(["record", "sign-agreement", "--party-a", "RU", "--party-b", "taliban", "--kind", "trade", "--title", "Trade pact",
            "--on", "2025-05", "--json", .. Source]);
        Assert.True(signed.ExitCode == 0, signed.Error);
        return JsonDocument.Parse(signed.Out).RootElement.GetProperty("eventId").GetString()!;
    }

    private async Task<int> EventCountAsync() => JsonDocument.Parse((await Ledger("history", "RU", "taliban", "--json")).Out).RootElement.GetArrayLength();

    [Fact]
    public async Task A_correction_that_only_names_a_mutual_events_parties_the_other_way_round_is_refused()
    {
        var target = await SignAsync();
        string[] swap = ["record", "correct-entry", "--party-a", "RU", "--party-b", "taliban", "--target", target, "--reason", "parties",
            "--set", "partyA=taliban", "--set", "partyB=RU", .. Source];

        var refused = await Ledger(swap);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains($"EntryCorrected refused: it changes nothing: event {target} already reads 2025-05 with every field as given " +
            "(its two parties named in the other order: the same fact); give the values that differ", refused.Error, StringComparison.Ordinal);

        var file = _folder.File("batch.ndjson");
        await File.WriteAllTextAsync(file, $$"""
            {"command":"correct-entry","partyA":"taliban","partyB":"RU","target":"{{target}}","reason":"parties","changes":{"partyA":"taliban","partyB":"RU"},"recordedBy":"analyst","sources":[{"publisher":"P","title":"T"}]}
            """);
        var batch = await Ledger("record-batch", file);
        Assert.Equal(3, batch.ExitCode);
        Assert.Contains("line 1 (correct-entry): EntryCorrected refused: it changes nothing", batch.Error, StringComparison.Ordinal);
        Assert.Equal(1, await EventCountAsync());

        // A swap with a change is a correction.
        var changed = await Ledger([.. swap, "--set", "kind=energy"]);
        Assert.True(changed.ExitCode == 0, changed.Error);
        Assert.Equal(2, await EventCountAsync());
    }

    public void Dispose() => _folder.Dispose();
}
