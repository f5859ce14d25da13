namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Characters that draw nothing (docs/events.md, "Invisible characters") on every way in through the command line: a name
/// holding one is refused on <c>record</c> and in a batch file, naming the field, the character and its place, and nothing
/// is written; an event recorded before the rule (an older ledger's, here written into the file and sealed as the ledger
/// would have) verifies, exports and imports as recorded, and the tables show its character as ⟨U+200B⟩.
/// </summary>
public sealed class InvisibleCharacterTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private static readonly string[] Source = ["--source", "publisher=State Department;title=Foreign Terrorist Organizations"];

    private Task<CliResult> Designate(string list, string? store = null) => LedgerCli.RunAsync(["--store", store ?? Store, "record", "impose-designation",
        "--actor", "US", "--counterpart", "hamas", "--list", list, "--authority", "State Department", "--on", "1997-10-08", .. Source]);

    [Fact]
    public async Task A_list_name_holding_a_zero_width_space_is_refused_on_the_command_line_naming_it()
    {
        var run = await Designate("F\u200BTO");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--list: '--list' holds an invisible character (U+200B ZERO WIDTH SPACE at position 2): a name must read as it is written", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a refused command writes nothing");
    }

    [Fact]
    public async Task A_batch_line_holding_an_invisible_character_in_a_name_is_refused_by_its_line_and_nothing_is_recorded()
    {
        var file = _folder.File("batch.ndjson");
        await File.WriteAllTextAsync(file, """
            {"command":"impose-designation","actor":"US","counterpart":"hamas","list":"FTO","authority":"State Department","effectiveDate":"1997-10-08","recordedBy":"analyst","sources":[{"publisher":"State","title":"FTO list"}]}
            {"command":"impose-designation","actor":"US","counterpart":"hezbollah","list":"F\u200bTO","authority":"State\u2060 Department","effectiveDate":"1997-10-08","recordedBy":"analyst","sources":[{"publisher":"State","title":"FTO list"}]}
            """);

        var run = await Ledger("record-batch", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2.list: 'list' holds an invisible character (U+200B ZERO WIDTH SPACE at position 2)", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 2.authority: 'authority' holds an invisible character (U+2060 WORD JOINER at position 6)", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store), "a refused batch writes nothing");
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task An_event_recorded_before_the_rule_verifies_imports_as_recorded_and_shows_its_character(int version)
    {
        await StoreVersions.CreateAsync(Store, version);
        Assert.Equal(0, (await Designate("FTO")).ExitCode);
        // The event as a ledger before the rule recorded it: a zero-width space in the list (JSON's escape, in the stored
        // JSON), sealed as that ledger sealed it. The only event: its chain is whole.
        await LedgerFiles.ExecuteAsync(Store, @"UPDATE events SET data = stored_like(data, replace(json_of(data), '""FTO""', '""F\u200bTO""'))");
        await Resealed.RowsAsync(Store, "1 = 1");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_folder.File("ledger.projections.db" + suffix));

        var verify = await Ledger("verify");
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);

        var state = await Ledger("state", "US", "hamas", "--as-of", "2000-01-01");
        Assert.Equal(0, state.ExitCode);
        Assert.Contains("F⟨U+200B⟩TO", state.Out, StringComparison.Ordinal);

        var export = _folder.File("export.ndjson");
        Assert.Equal(0, (await Ledger("export", "--output", export)).ExitCode);
        Assert.Contains("F\\u200BTO", await File.ReadAllTextAsync(export), StringComparison.OrdinalIgnoreCase); // the record as it is

        var copy = _folder.File("copy.db");
        var import = await LedgerCli.RunAsync("--store", copy, "import", export);
        Assert.True(import.ExitCode == 0, import.Out + import.Error);
        var copied = await LedgerCli.RunAsync("--store", copy, "state", "US", "hamas", "--as-of", "2000-01-01");
        Assert.Contains("F⟨U+200B⟩TO", copied.Out, StringComparison.Ordinal);

        // A new command may not name it as recorded; the refusal says which character to take out.
        var again = await Designate("F\u200BTO", copy);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("U+200B ZERO WIDTH SPACE at position 2", again.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
