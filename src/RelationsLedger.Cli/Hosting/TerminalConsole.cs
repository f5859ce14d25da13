using Spectre.Console;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// The console the <c>ledger</c> program's tables are drawn on, made when a command first draws (not for JSON, help or errors).
/// Tables use the terminal's width, or COLUMNS when it is set (also when the output is piped); piped output without COLUMNS is
/// not cut to 80 columns. Made here, not handed to <see cref="LedgerApp.RunAsync"/> as a delegate by <c>Program</c>: making a
/// delegate to a method that returns the console's type loaded the console library's assembly at every start (docs/performance.md, round 60).
/// </summary>
internal static class TerminalConsole
{
    public static IAnsiConsole Make()
    {
        var console = AnsiConsole.Console;
        if (Environment.GetEnvironmentVariable("COLUMNS") is { } columns && int.TryParse(columns, out var width) && width >= 40) console.Profile.Width = width;
        else if (Console.IsOutputRedirected) console.Profile.Width = 200;
        // A terminal one column wide: a line holding a character two cells wide (CJK, an emoji) would never be drawn, the console
        // library folding it into one cell for ever (docs/performance.md, round 59). Two columns hold any character.
        else if (console.Profile.Width < 2) console.Profile.Width = 2;
        // Output that is not a terminal has no height, and nothing drawn there reads one (a progress is written line by line, no
        // prompt is shown). Left unset, every drawing asks the terminal's height, which, asked of such an output, loads the
        // terminfo database (docs/performance.md, round 36). 24 is what the console library takes when it finds none.
        if (Console.IsOutputRedirected) console.Profile.Height = 24;
        return console;
    }
}
