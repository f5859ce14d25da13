using RelationsLedger.Cli;
using Spectre.Console;

return await LedgerApp.RunAsync(args, AnsiConsole.Console, Console.Out, Console.Error);
