using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// What an auditor's commands print of a file or a store they did not write — an export to import, a ledger that was
/// tampered with — is shown printable (<c>\u001b</c>) and bounded, never obeyed by the terminal. Before, <c>import</c>
/// listed a refused file's problems and <c>verify</c> its findings with the file's and the tamperer's text as they were:
/// an ESC sequence in a forged stream name recoloured, retitled or rewrote the auditor's terminal, and a 100,000-character
/// event id was printed whole.
/// </summary>
public sealed class UntrustedTextOnTheTerminalTests : IDisposable
{
    private const string Escapes = "\u001b]0;pwned\u0007\u001b[31m";
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    /// <summary>
    /// As a user runs it: the in-process console drops an escape sequence it is given (the text is lost, not shown), while
    /// the program's own console writes it to its standard output, a terminal or a pipe, as it is.
    /// </summary>
    private Task<CliResult> LedgerProcess(params string[] args) => LedgerCli.RunProcessAsync(_folder.Path, ["--store", Store, .. args]);

    [Fact]
    public async Task An_import_refused_lists_the_files_text_printable_and_bounded()
    {
        var file = _folder.File("export.ndjson");
        var longId = new string('7', 100_000);
        await File.WriteAllLinesAsync(file, [
            JsonSerializer.Serialize(new { position = "1", eventId = Escapes, stream = "relationship-RU~taliban" + Escapes }),
            JsonSerializer.Serialize(new { position = "2", eventId = longId }),
        ]);

        foreach (var json in new[] { false, true })
        {
            var run = await Ledger(json ? ["import", file, "--json"] : ["import", file]);

            Assert.Equal(2, run.ExitCode);
            Assert.DoesNotContain(run.Error, c => char.IsControl(c) && c is not '\n' and not '\r');
            Assert.True(run.Error.Length < 5_000, $"{run.Error.Length:N0} characters on standard error");
            Assert.True(run.Out.Length < 5_000, $"{run.Out.Length:N0} characters on standard output");
            Assert.Contains(@"line 1: eventId: '\u001b]0;pwned\u0007\u001b[31m' is not an event id", run.Error, StringComparison.Ordinal);
            Assert.Contains("(100,000 characters) is not an event id", run.Error, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(Store), "a refused import writes nothing");
    }

    [Fact]
    public async Task Verify_shows_a_forged_stream_name_printable()
    {
        Assert.Equal(0, (await Ledger("demo")).ExitCode);
        await ForgeAsync("UPDATE events SET stream = stream || $escapes WHERE rowid = (SELECT max(rowid) FROM events)", 1);

        var run = await Ledger("verify");

        Assert.Equal(5, run.ExitCode);
        Assert.DoesNotContain(run.Out, c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.Contains(@"INSERTED: relationship-RU~taliban\u001b]0;pwned\u0007\u001b[31m revision", run.Out, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task The_tables_across_relationships_show_a_forged_list_printable_as_the_state_table_does(int version)
    {
        await StoreVersions.CreateAsync(Store, version);
        Assert.Equal(0, (await Ledger("demo")).ExitCode);
        // The list as another client of the store (or an edit of the file) wrote it, sealed again as a forger with the spec
        // would (an event whose own hash fails is refused by every reader): an event of the ledger's shape, the read model
        // made again from it.
        await ForgeAsync(@"UPDATE events SET data = stored_like(data, replace(json_of(data), 'Federal list', '\u001b]0;pwned\u0007\u001b[31mFederal list')) WHERE type LIKE 'Designation%'", 2);
        await Resealed.RowsAsync(Store, "type LIKE 'Designation%'"); // a forger with the spec: each event's own hash matches
        DeleteReadModel();

        foreach (var question in new[] { new[] { "designations-by", "RU" }, ["designations-of", "taliban"], ["state", "RU", "taliban"] })
        {
            var run = await LedgerProcess([.. question, "--as-of", "2024-12-31"]);

            Assert.Equal(0, run.ExitCode);
            Assert.DoesNotContain(run.Out, c => char.IsControl(c) && c is not '\n' and not '\r');
            Assert.Contains(@"\u001b]0;pwned\u0007\u001b[31mFederal list", run.Out, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(StoreVersions.Both), MemberType = typeof(StoreVersions))]
    public async Task The_warning_naming_an_event_passed_over_shows_its_forged_type_printable(int version)
    {
        await StoreVersions.CreateAsync(Store, version);
        Assert.Equal(0, (await Ledger("demo")).ExitCode);
        await ForgeAsync("UPDATE events SET type = type || $escapes WHERE rowid = (SELECT max(rowid) FROM events)", 1);
        await Resealed.RowsAsync(Store, "rowid = (SELECT max(rowid) FROM events)");
        DeleteReadModel();

        var changed = await LedgerProcess("changed", "--from", "2000-01-01", "--to", "2025-12-31");
        var panel = await LedgerProcess("panel", "--from", "2024", "--to", "2024", "-o", _folder.File("panel.csv"));

        foreach (var (run, text) in new[] { (changed, changed.Out), (panel, panel.Error) })
        {
            Assert.Equal(0, run.ExitCode);
            Assert.DoesNotContain(run.Out + run.Error, c => char.IsControl(c) && c is not '\n' and not '\r');
            // The table's warning is wrapped to the console's width, anywhere in a long word: compared without white space.
            Assert.Contains(@"unknowneventtype'AmbassadorAccredited\u001b]0;pwned\u0007\u001b[31m'version1", string.Concat(text.Where(c => !char.IsWhiteSpace(c))), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Projections_status_shows_a_forged_checkpoint_printable()
    {
        Assert.Equal(0, (await Ledger("demo")).ExitCode);
        // The read model's file as another hand left it: the event it stopped on and the event it last applied name a stream
        // with escapes (what a KurrentDB stream written by another client may hold, or an edit of the file).
        await ForgeAsync("""
            UPDATE checkpoints SET failed_event_id = last_event_id, failed_stream = 'relationship-RU~taliban' || $escapes,
                failed_position = '7/7', failure = 'cannot apply ' || $escapes, last_stream = last_stream || $escapes
            """, 1, _folder.File("ledger.projections.db"));

        // Wide enough for the cell on one line.
        var run = await LedgerCli.RunProcessAsync(_folder.Path, new Dictionary<string, string?> { ["COLUMNS"] = "400" }, "--store", Store, "projections", "status");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(run.Out, c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.Contains(@"relationship-RU~taliban\u001b]0;pwned\u0007\u001b[31m at position 7/7: cannot apply \u001b]0;pwned", run.Out, StringComparison.Ordinal);
        Assert.Contains(@"\u001b[31m revision", run.Out, StringComparison.Ordinal); // the line saying the read model is not of this log
    }

    private async Task ForgeAsync(string update, int rows, string? file = null)
    {
        await using var connection = await StoredJson.OpenAsync(file ?? Store);
        await using var forge = connection.CreateCommand();
        forge.CommandText = update;
        forge.Parameters.AddWithValue("$escapes", Escapes);
        Assert.Equal(rows, await forge.ExecuteNonQueryAsync());
    }

    /// <summary>The read model the demo's questions made, gone: the next question makes it again from the forged log.</summary>
    private void DeleteReadModel()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_folder.File("ledger.projections.db" + suffix));
    }

    public void Dispose() => _folder.Dispose();
}
