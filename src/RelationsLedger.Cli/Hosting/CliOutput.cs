using Spectre.Console;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// Makes the console a command draws on (<see cref="CliOutput.Console"/>). A delegate type of the ledger's own, not a
/// <c>Func&lt;IAnsiConsole&gt;</c>: making that generic type loads the console library's assembly for its type argument, in
/// every run, where this type names the console only in its signature, which nothing reads until a command draws (round 60).
/// </summary>
public delegate IAnsiConsole ConsoleFactory();

/// <summary>
/// Where a command writes: tables to the console, machine output (JSON) and errors as plain text.
/// <see cref="ErrorIsTerminal"/>: standard error is a person's terminal, so live progress may be drawn there.
/// </summary>
/// <param name="MakeConsole">Makes the console, once, when a command first draws on it (<see cref="Console"/>); null: the terminal's (<see cref="TerminalConsole"/>).</param>
public sealed record CliOutput(ConsoleFactory? MakeConsole, TextWriter Out, TextWriter Error, bool ErrorIsTerminal = false)
{
    public CliOutput(IAnsiConsole console, TextWriter output, TextWriter error, bool errorIsTerminal = false) : this(() => console, output, error, errorIsTerminal) { }

    // Made on first use, not at start: the console library's first use (its types, the terminal's detection) was ~16-36 ms of a
    // cold 'ledger state --json' or '--help', which never draw on it (docs/performance.md, round 29). Copies made with 'with' share it.
    // Held as an object: a Lazy<IAnsiConsole>, made with every output, loaded the console library's assembly for its type
    // argument in every run, JSON and errors included (round 60).
    private readonly Lazy<object> _console = new(() => MakeConsole is null ? TerminalConsole.Make() : MakeConsole());

    /// <summary>The console tables, progress and prompts are drawn on.</summary>
    public IAnsiConsole Console => (IAnsiConsole)_console.Value;

    /// <summary>
    /// Standard output is a person's terminal too: output written there (a panel's rows with <c>-o -</c>) shows itself as it goes,
    /// and progress drawn on standard error, the same screen, would be drawn into its lines.
    /// </summary>
    public bool OutputIsTerminal { get; init; }

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

    /// <summary>
    /// The run is the whole of its process (the <c>ledger</c> program, not a caller running it in its own process): a question
    /// may then set the runtime's switches for the rest of the process (<see cref="InterpretedQuestion"/>).
    /// </summary>
    public bool OwnsProcess { get; init; }

    /// <summary>The command line as parsed: a failure names a request's fields by the options typed (<see cref="FieldNames"/>). Set with <see cref="JsonErrors"/>.</summary>
    public System.CommandLine.ParseResult? CommandLine { get; set; }
}
