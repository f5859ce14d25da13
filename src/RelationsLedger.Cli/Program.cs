using System.Globalization;
using RelationsLedger.Cli;
using RelationsLedger.Cli.Hosting;

// One culture whatever the machine's: the build's invariant globalization is turned off by DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0
// in the environment (the variable wins over the build), and the process then took LANG's culture — a refusal named the
// Buddhist year 2568 under th_TH, a size was written 1.048.576 under de_DE, the help half German (EnvironmentCultureTests).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

// Ctrl+C and SIGTERM are the command's stop from here on, standard output's writes included: one that waits on a pipe nobody
// reads is given up at it (GuardedOutput).
using var signals = new StopSignals();
Console.SetOut(GuardedOutput.ForStandardOutput(signals.Token)); // before the console library takes Console.Out
Console.SetError(GuardedOutput.ForStandardError()); // a failure to say what failed is not a crash
// No console is given: the terminal's is made when a command first draws (TerminalConsole).
return await LedgerApp.RunAsync(args, console: null, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected,
    wholeOutput: GuardedOutput.OpenWhole, ownsProcess: true, outputIsTerminal: !Console.IsOutputRedirected, ct: signals.Token);
