using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The reproduction of the hostile test, through the CLI on real files: an embassy lowered to a consulate in a year covering
/// the day is listed beside an embassy closed that year, each only possibly still an embassy, each naming its change.
/// </summary>
public sealed class MissionsPossiblyLoweredCliTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");
    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);
    private const string Source = "publisher=State Dept;title=Missions";

    [Fact]
    public async Task An_embassy_lowered_in_the_year_is_listed_as_possibly_lowered_beside_one_possibly_closed()
    {
        foreach (var command in new[]
        {
            new[] { "open-mission", "--actor", "US", "--counterpart", "AF", "--level", "embassy", "--on", "2001-12" },
            ["change-mission-level", "--actor", "US", "--counterpart", "AF", "--level", "consulate", "--on", "2021"],
            ["open-mission", "--actor", "US", "--counterpart", "IR", "--level", "embassy", "--on", "1950"],
            ["close-mission", "--actor", "US", "--counterpart", "IR", "--on", "2021"],
        })
            Assert.Equal(0, (await Ledger(["record", .. command, "--source", Source])).ExitCode);

        var json = await Ledger("missions-of", "US", "--at-least", "embassy", "--as-of", "2021-06-01", "--json");
        var items = JsonDocument.Parse(json.Out).RootElement.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("relationship")} {i.GetProperty("item").GetProperty("level")} {i.GetProperty("status")} {i.GetProperty("certainty")} " +
                (i.GetProperty("possiblyChangedTo").ValueKind == JsonValueKind.Null ? "-" : i.GetProperty("possiblyChangedTo").GetProperty("level").GetString()))
            .ToArray();
        Assert.Equal(["AF~US embassy in-force possible consulate", "IR~US embassy ended possible -"], items);

        var table = (await Ledger("missions-of", "US", "--at-least", "embassy", "--as-of", "2021-06-01")).Out;
        Assert.Contains("possibly lowered to consulate (event ", table);
        Assert.Contains("2001-12 → 2021", table);
        var closed = JsonDocument.Parse(json.Out).RootElement.GetProperty("items")[1].GetProperty("item").GetProperty("ended").GetProperty("eventId").GetString()!;
        Assert.Contains($"possibly ended: MissionClosed (event {closed[..8]})", table); // the ending's event, as the state's table names it
        Assert.DoesNotContain("AF", (await Ledger("missions-of", "US", "--at-least", "embassy", "--as-of", "2022-01-01")).Out);
    }

    public void Dispose() => _folder.Dispose();
}
