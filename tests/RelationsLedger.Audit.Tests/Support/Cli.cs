using RelationsLedger.Cli;
using Spectre.Console;

namespace RelationsLedger.Audit.Tests.Support;

public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs <c>ledger</c> in-process, with a plain non-interactive console.</summary>
public static class LedgerCli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var code = await LedgerApp.RunAsync(args, console, output, error);
        return new(code, output.ToString(), error.ToString());
    }
}
