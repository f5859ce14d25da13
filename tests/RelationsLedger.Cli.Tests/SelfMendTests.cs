namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Round 69's hostile test of the domain's rules through the command line, on real files: a correction or retraction whose
/// <c>--target</c> is its own <c>--command-id</c> is refused as input naming both, alone and in a batch, and nothing is written.
/// Before: exit code 3, "event … is not in relationship …", and in a batch "record the mend in a later batch", where it is
/// refused again.
/// </summary>
public sealed class SelfMendTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static readonly string[] Source = ["--source", "publisher=RIA Novosti;title=Interview with Zamir Kabulov;published=2025-05"];

    [Fact]
    public async Task A_mend_naming_its_own_command_id_is_refused_naming_target_and_nothing_is_recorded()
    {
        const string id = "4f1c2a8e-0b7d-4c61-9a3e-1d2f5e6a7c99";
        string[] mend = ["--party-a", "RU", "--party-b", "taliban", "--target", id.ToUpperInvariant(), "--command-id", id, "--reason", "entered twice", .. Source];

        var retraction = await Ledger(["record", "retract-entry", .. mend]);
        Assert.Equal(2, retraction.ExitCode);
        Assert.Contains("--target: '--target' is this command's own id ('--command-id'), the id its event would be recorded under: " +
            "a correction or retraction names an earlier event of the relationship, never itself.", retraction.Error, StringComparison.Ordinal);
        var correction = await Ledger(["record", "correct-entry", .. mend, "--corrected-effective-date", "2001"]);
        Assert.Equal(2, correction.ExitCode);
        Assert.Contains("'--target' is this command's own id ('--command-id')", correction.Error, StringComparison.Ordinal);

        var file = _folder.File("batch.ndjson");
        await File.WriteAllTextAsync(file, $$"""
            {"command":"retract-entry","commandId":"{{id}}","partyA":"RU","partyB":"taliban","target":"{{id}}","reason":"entered twice","recordedBy":"analyst","sources":[{"publisher":"P","title":"T"}]}
            """);
        var batch = await Ledger("record-batch", file);
        Assert.Equal(2, batch.ExitCode);
        Assert.Contains("line 1.target: 'target' is this command's own id ('commandId')", batch.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a refused command writes nothing");
    }

    public void Dispose() => _folder.Dispose();
}
