using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// <c>ledger panel -o -</c> typed at a terminal: the rows go to the screen, and standard error is the same screen. Before, the
/// running count ("\r3 of 3 rows (100%)") was drawn on it between the rows, so a row began where the count ended.
/// </summary>
public sealed class PanelOnATerminalTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    private async Task<(string Out, string Error)> PanelAsync(bool outputIsTerminal)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output) });
        var code = await LedgerApp.RunAsync(["--store", Store, "panel", "--from", "2001", "--to", "2003", "-o", "-"], () => console, output, error,
            errorIsTerminal: true, outputIsTerminal: outputIsTerminal);
        Assert.True(code == 0, error.ToString());
        return (output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Rows_written_to_the_terminal_have_no_count_drawn_between_them_and_rows_redirected_keep_it()
    {
        var recorded = await LedgerCli.RunAsync("--store", Store, "record", "impose-designation", "--actor", "RU", "--counterpart", "taliban", "--list", "L",
            "--authority", "A", "--on", "2000-02-14", "--source", "publisher=Reuters;title=Court ruling");
        Assert.True(recorded.ExitCode == 0, recorded.Error);

        var onScreen = await PanelAsync(outputIsTerminal: true);
        Assert.Equal(4, onScreen.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the header and a row a year
        Assert.DoesNotContain("rows (", onScreen.Error, StringComparison.Ordinal);

        // `ledger panel -o - > panel.csv`: the screen holds only the count, as before.
        var redirected = await PanelAsync(outputIsTerminal: false);
        Assert.Equal(onScreen.Out, redirected.Out);
        Assert.Contains("\r3 of 3 rows (100%)", redirected.Error, StringComparison.Ordinal);
    }
}
