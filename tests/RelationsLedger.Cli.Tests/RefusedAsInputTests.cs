namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Round 69's hostile test of the domain's rules through the command line, on real files: what is refused as input, naming the
/// field, with nothing written. A correction or retraction whose <c>--target</c> is its own <c>--command-id</c>, alone and in a
/// batch (before: exit code 3, "event … is not in relationship …", and in a batch "record the mend in a later batch", where it
/// is refused again); a pledge against the party it helps, an interests section under the flag of one of its own two parties and
/// a protecting power given to an embassy (before, each was recorded) — such a fact recorded before the rule (an older ledger's,
/// here written into the file and sealed as that ledger would have) still verifies, exports and imports.
/// </summary>
public sealed class RefusedAsInputTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static readonly string[] Source = ["--source", "publisher=RIA Novosti;title=Interview with Zamir Kabulov;published=2025-05"];

    private Task<CliResult> Pledge(string adversary) => Ledger(["record", "pledge-cooperation", "--actor", "RU", "--counterpart", "taliban",
        "--domain", "counter-terrorism", "--adversary", adversary, "--on", "2025-05", .. Source]);

    private Task<CliResult> OpenMission(string level, string protectingPower, string actor = "RU", string counterpart = "taliban") => Ledger(["record",
        "open-mission", "--actor", actor, "--counterpart", counterpart, "--level", level, "--protecting-power", protectingPower, "--on", "2001", .. Source]);

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

    [Fact]
    public async Task A_third_party_that_is_one_of_the_two_is_refused_naming_the_field()
    {
        var helped = await Pledge("taliban");
        Assert.Equal(2, helped.ExitCode);
        Assert.Contains("--adversary: '--adversary' cannot be the party helped ('--counterpart'): a common adversary is a third party.", helped.Error, StringComparison.Ordinal);

        var ownFlag = await OpenMission("interests-section", "RU");
        Assert.Equal(2, ownFlag.ExitCode);
        Assert.Contains("--protecting-power: '--protecting-power' cannot be a party of the mission ('--actor'): an interests section works under the flag of a third party.",
            ownFlag.Error, StringComparison.Ordinal);
        Assert.Contains("('--counterpart')", (await OpenMission("interests-section", "taliban")).Error, StringComparison.Ordinal);
        var embassy = await OpenMission("embassy", "CH");
        Assert.Equal(2, embassy.ExitCode);
        Assert.Contains("'--protecting-power' is given only with level interests-section (the party under whose flag it works), not with level embassy.",
            embassy.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a refused command writes nothing");

        Assert.Equal(0, (await Pledge("isis-k")).ExitCode);
        Assert.Equal(0, (await OpenMission("interests-section", "CH")).ExitCode);
        var level = await Ledger(["record", "change-mission-level", "--actor", "RU", "--counterpart", "taliban", "--level", "embassy",
            "--protecting-power", "CH", "--on", "2005", .. Source]);
        Assert.Equal(2, level.ExitCode);
        Assert.Contains("not with level embassy", level.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Such_facts_recorded_before_the_rule_verify_export_and_import_as_recorded()
    {
        Assert.Equal(0, (await Pledge("isis-k")).ExitCode);
        Assert.Equal(0, (await OpenMission("interests-section", "CH", actor: "US", counterpart: "IR")).ExitCode);
        // As a ledger before round 69 recorded them: the adversary the party helped, the protecting power the actor. Each the only
        // event of its relationship: its chain is whole.
        await LedgerFiles.ExecuteAsync(Store, @"UPDATE events SET data = stored_like(data, replace(replace(json_of(data), '""isis-k""', '""taliban""'), '""CH""', '""US""'))");
        await Resealed.RowsAsync(Store, "1 = 1");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_folder.File("ledger.projections.db" + suffix));

        var verify = await Ledger("verify");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        var export = _folder.File("export.ndjson");
        Assert.Equal(0, (await Ledger("export", "--output", export)).ExitCode);
        var text = await File.ReadAllTextAsync(export);
        Assert.Contains("\"adversary\":\"taliban\"", text, StringComparison.Ordinal);
        Assert.Contains("\"protectingPower\":\"US\"", text, StringComparison.Ordinal);

        var copy = _folder.File("copy.db");
        var import = await LedgerCli.RunAsync("--store", copy, "import", export);
        Assert.True(import.ExitCode == 0, import.Out + import.Error);
        Assert.Contains("Imported 2 event(s)", import.Out, StringComparison.Ordinal);
        var copied = await LedgerCli.RunAsync("--store", copy, "verify");
        Assert.True(copied.ExitCode == 0, copied.Out + copied.Error);
    }

    public void Dispose() => _folder.Dispose();
}
