using Spectre.Console;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Where a command writes: tables to the console, machine output (JSON) and errors as plain text.
/// <see cref="ErrorIsTerminal"/>: standard error is a person's terminal, so live progress may be drawn there.
/// </summary>
public sealed record CliOutput(IAnsiConsole Console, TextWriter Out, TextWriter Error, bool ErrorIsTerminal = false)
{
    /// <summary>Standard input, for commands that read <c>-</c> (a caller that captures the output may give its own).</summary>
    public Func<Stream> Input { get; init; } = System.Console.OpenStandardInput;

    /// <summary>
    /// Standard output as bytes, for output worth something only whole (an export): its writes fail when the output cannot
    /// take them, a pipe's reader gone included (<see cref="GuardedOutput.OpenWhole"/>). A caller that captures the output: <see cref="Out"/>.
    /// </summary>
    public Func<Stream> WholeOutput { get; init; } = () => new TextWriterStream(Out);

    /// <summary>
    /// The command line asked for JSON (<c>--json</c>): failures are written as one JSON object (<see cref="Failure"/>).
    /// Settable, not init: the commands hold this output from when they were built, and only the parse, after that, knows.
    /// </summary>
    public bool JsonErrors { get; set; }

    /// <summary>The command line as parsed: a failure names a request's fields by the options typed (<see cref="FieldNames"/>). Set with <see cref="JsonErrors"/>.</summary>
    public System.CommandLine.ParseResult? CommandLine { get; set; }
}
