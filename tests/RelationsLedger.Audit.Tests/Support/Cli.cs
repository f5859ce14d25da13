using RelationsLedger.Cli;

namespace RelationsLedger.Audit.Tests.Support;

public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs <c>ledger</c> in-process, with a plain non-interactive console.</summary>
public static class LedgerCli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await LedgerApp.RunPlainAsync(args, output, error);
        return new(code, output.ToString(), error.ToString());
    }
}
