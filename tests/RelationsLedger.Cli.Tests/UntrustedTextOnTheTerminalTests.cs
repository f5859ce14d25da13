using System.Text.Json;
using Microsoft.Data.Sqlite;

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
        await using (var connection = new SqliteConnection($"Data Source={Store};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var forge = connection.CreateCommand();
            forge.CommandText = "UPDATE events SET stream = stream || $escapes WHERE rowid = (SELECT max(rowid) FROM events)";
            forge.Parameters.AddWithValue("$escapes", Escapes);
            Assert.Equal(1, await forge.ExecuteNonQueryAsync());
        }

        var run = await Ledger("verify");

        Assert.Equal(5, run.ExitCode);
        Assert.DoesNotContain(run.Out, c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.Contains(@"INSERTED: relationship-RU~taliban\u001b]0;pwned\u0007\u001b[31m revision", run.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
