using System.Text;
using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The same words typed composed (é as one character, NFC) or decomposed (e and a combining accent, NFD: what macOS
/// file names and some PDFs give when copied) are one text. Before, a second listing of FR's designation of taliban on
/// "Liste fédérale" pasted in the other form was recorded beside the first: two designations that read the same, both
/// in force, counted twice by the panel; and removing "the" listing removed only the one typed alike. Text that clients
/// send (options, HTTP bodies, batch files) is now recorded composed (NFC), so the second is refused as the same listing.
/// </summary>
public sealed class ComposedTextTests : IDisposable
{
    private const string Composed = "Liste f\u00e9d\u00e9rale";
    private const string Decomposed = "Liste fe\u0301de\u0301rale";
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    private Task<CliResult> Designate(string list, string on = "2020-01-01") => Ledger("record", "impose-designation", "--actor", "FR",
        "--counterpart", "taliban", "--list", list, "--authority", $"Arr\u00eat\u00e9 du {on}", "--on", on, "--source", $"publisher=Journal officiel;title={list}");

    [Fact]
    public async Task A_list_given_decomposed_on_the_command_line_is_the_listing_recorded_composed()
    {
        Assert.Equal(0, (await Designate(Composed)).ExitCode);

        var again = await Designate(Decomposed, "2021-01-01");

        Assert.Equal(3, again.ExitCode);
        Assert.Contains("already designates", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_given_decomposed_is_recorded_composed()
    {
        var first = await Designate(Decomposed);
        Assert.True(first.ExitCode == 0, first.Error);

        var history = await Ledger("history", "FR", "taliban", "--json");
        var recorded = JsonDocument.Parse(history.Out).RootElement.EnumerateArray().Single();
        Assert.Equal(Composed, recorded.GetProperty("data").GetProperty("list").GetString());
        Assert.Equal(Composed, recorded.GetProperty("sources")[0].GetProperty("title").GetString());
        Assert.Equal(3, (await Designate(Composed, "2021-01-01")).ExitCode); // the listing typed composed is the same one
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the accents as JSON escapes (\u0301), which no byte-level check of the file would see
    public async Task A_batch_file_s_decomposed_text_is_recorded_composed(bool escaped)
    {
        Assert.Equal(0, (await Designate(Composed)).ExitCode);
        var list = escaped ? Decomposed.Replace("\u0301", "\\u0301", StringComparison.Ordinal) : Decomposed;
        var batch = _folder.File("batch.ndjson");
        await File.WriteAllTextAsync(batch, $$"""
            {"command": "impose-designation", "actor": "FR", "counterpart": "taliban", "list": "{{list}}", "authority": "A", "effectiveDate": "2021-01-01", "recordedBy": "analyst", "sources": [{"publisher": "P", "title": "{{list}}"}]}
            """, new UTF8Encoding(false));

        var run = await Ledger("record-batch", batch);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("already designates", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
