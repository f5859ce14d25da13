using Spectre.Console;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Where a command writes: tables to the console, machine output (JSON) and errors as plain text.
/// <see cref="ErrorIsTerminal"/>: standard error is a person's terminal, so live progress may be drawn there.
/// </summary>
public sealed record CliOutput(IAnsiConsole Console, TextWriter Out, TextWriter Error, bool ErrorIsTerminal = false);
