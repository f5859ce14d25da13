using Spectre.Console;

namespace RelationsLedger.Cli.Hosting;

/// <summary>Where a command writes: tables to the console, machine output (JSON) and errors as plain text.</summary>
public sealed record CliOutput(IAnsiConsole Console, TextWriter Out, TextWriter Error);

/// <summary>The exit codes of <c>ledger</c>.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Invalid = 2;
    public const int Refused = 3;
    public const int StoreUnavailable = 4;
    public const int ProjectionFailed = 5;
}
