using Spectre.Console;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The console tables are drawn on is made when a command first draws, not at start: making it (the console library's types,
/// the terminal's detection) was a tenth of a cold <c>ledger state --json</c>, which writes JSON and never draws
/// (docs/performance.md, round 29). Output that is not drawn — JSON, help, errors — is written without it, and is the same.
/// </summary>
public sealed class ConsoleOnFirstDrawTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => Path.Combine(_folder.Path, "ledger.db");

    private async Task<(int Code, string Out, string Error, int ConsolesMade)> Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var made = 0;
        var code = await LedgerApp.RunAsync(args, () =>
        {
            made++;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
            console.Profile.Width = 200;
            return console;
        }, output, error);
        return (code, output.ToString(), error.ToString(), made);
    }

    [Fact]
    public async Task Json_help_and_errors_do_not_make_the_console_and_a_table_makes_it_once()
    {
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "demo")).ExitCode);

        var json = await Run("--store", Store, "state", "AF", "taliban", "--as-of", "2024-12-31", "--json");
        Assert.Equal(0, json.Code);
        Assert.Contains("\"relationship\": \"AF~taliban\"", json.Out, StringComparison.Ordinal);
        Assert.Equal(0, json.ConsolesMade);

        var help = await Run("--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("state", help.Out, StringComparison.Ordinal);
        Assert.Equal(0, help.ConsolesMade);

        var refused = await Run("--store", Store, "state", "AF", "taliban", "--as-of", "2024-13-45");
        Assert.Equal(2, refused.Code);
        Assert.Contains("--as-of: '--as-of': '2024-13-45' is not a valid date: month 13 is out of range 1..12.", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, refused.ConsolesMade);

        var table = await Run("--store", Store, "state", "AF", "taliban", "--as-of", "2024-12-31");
        Assert.Equal(0, table.Code);
        Assert.Equal(1, table.ConsolesMade);
        // The same table as a run given its console at the start draws (the tests' plain console).
        Assert.Equal((await LedgerCli.RunAsync("--store", Store, "state", "AF", "taliban", "--as-of", "2024-12-31")).Out, table.Out);
    }

    public void Dispose() => _folder.Dispose();
}
