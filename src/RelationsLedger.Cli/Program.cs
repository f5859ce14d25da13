using RelationsLedger.Cli;
using Spectre.Console;

Console.SetOut(RelationsLedger.Cli.Hosting.GuardedOutput.ForStandardOutput()); // before the console library takes Console.Out
var console = AnsiConsole.Console;
// Tables use the terminal's width, or COLUMNS when it is set (also when the output is piped); piped output
// without COLUMNS is not cut to 80 columns.
if (Environment.GetEnvironmentVariable("COLUMNS") is { } columns && int.TryParse(columns, out var width) && width >= 40) console.Profile.Width = width;
else if (Console.IsOutputRedirected) console.Profile.Width = 200;
return await LedgerApp.RunAsync(args, console, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected,
    wholeOutput: RelationsLedger.Cli.Hosting.GuardedOutput.OpenWhole);
