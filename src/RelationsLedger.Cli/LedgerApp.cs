using System.CommandLine;
using System.CommandLine.Parsing;
using RelationsLedger.Cli.Commands;
using RelationsLedger.Cli.Hosting;
using Spectre.Console;

namespace RelationsLedger.Cli;

/// <summary>The <c>ledger</c> command line: one subcommand per task, all sharing the store option.</summary>
public static class LedgerApp
{
    /// <param name="console">Makes the console, when a command first draws on it (<see cref="CliOutput.Console"/>); null: the terminal's.</param>
    /// <param name="wholeOutput">Standard output as bytes (<see cref="CliOutput.WholeOutput"/>); null: <paramref name="output"/>'s.</param>
    /// <param name="outputIsTerminal">Standard output is a terminal (<see cref="CliOutput.OutputIsTerminal"/>).</param>
    /// <param name="ownsProcess">The run is the whole of its process (<see cref="CliOutput.OwnsProcess"/>): the <c>ledger</c> program.</param>
    public static async Task<int> RunAsync(string[] args, ConsoleFactory? console, TextWriter output, TextWriter error, bool errorIsTerminal = false, Stream? input = null,
        Func<Stream>? wholeOutput = null, bool ownsProcess = false, bool outputIsTerminal = false, CancellationToken ct = default)
    {
        var io = new CliOutput(console, output, error, errorIsTerminal) { OwnsProcess = ownsProcess, OutputIsTerminal = outputIsTerminal };
        if (input is not null) io = io with { Input = () => input };
        if (wholeOutput is not null) io = io with { WholeOutput = wholeOutput };
        // Every action guards its own failures (Errors.Guard); this catches what happens outside them — making the command
        // line too, which loads most of the ledger's assemblies (past 'ulimit -n', before round 65 an abort with a stack trace).
        // The ledger program's signals are its ct (Program.cs, StopSignals); a run inside another program leaves its signals alone.
        return await Errors.Guard(io, () => ParsedAndRunAsync(args, io, output, error, ct));
    }

    private static async Task<int> ParsedAndRunAsync(string[] args, CliOutput io, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var parse = Parse(args, io);
        io.JsonErrors = AsksForJson(parse);
        io.CommandLine = parse;
        // Before the parser's errors: '--speaker --store X' leaves X unrecognised, which the option taken explains.
        if (OptionsTakenAsValues.Find(parse, args) is { Count: > 0 } taken)
        {
            io.JsonErrors |= args.Contains("--json") && parse.CommandResult.Command.Options.Any(o => o.Name == "--json"); // the --json that was taken asked for it
            return await ParseErrors.WriteAsync(io, parse, taken);
        }
        // A word that is no command, with --help: System.CommandLine drops the line's errors for its help and would print the
        // help of the command before the word (the root's for 'ledger stat --help') as if the word were fine.
        if (parse.Errors.Count > 0 || ParseErrors.NamesNoCommand(parse)) return await ParseErrors.WriteAsync(io, parse);
        if (io.OwnsProcess && ArgumentBytes.NotUtf8(args) is { Count: > 0 } notUtf8) return await ParseErrors.WriteAsync(io, parse, notUtf8);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, ct);
    }

    /// <summary>
    /// The line parsed on the command tree made for it: of the root's commands only the one the line names (all of them for a
    /// line that names none: the root's help, a mistyped command, no command), and <c>record</c>'s subcommands only when the line
    /// names <c>record</c> (<see cref="RecordCommands.AddSubcommandsIfNamed"/>), then parsed again with them.
    /// </summary>
    internal static ParseResult Parse(string[] args, CliOutput io)
    {
        var root = Commands(io, NamedCommand(args));
        var parse = root.Parse(args, Parsing);
        return RecordCommands.AddSubcommandsIfNamed(parse, io) ? root.Parse(args, Parsing) : parse;
    }

    /// <summary>
    /// The root's commands in the order the root's help lists them, each by the word that names it on a line and how it is made.
    /// Making all of them (their options, arguments and actions) for every line was a cold <c>ledger state</c>'s largest step
    /// before its question (docs/performance.md, round 47).
    /// </summary>
    private static readonly (string Name, Func<CliOutput, Command> Build)[] RootCommands =
    [
        (RecordCommands.Name, _ => RecordCommands.Build()),
        (RecordBatchCommand.Name, RecordBatchCommand.Build),
        (StateCommand.Name, StateCommand.Build),
        (HistoryCommand.Name, HistoryCommand.Build),
        .. AcrossCommands.All,
        (ProjectionsCommand.Name, ProjectionsCommand.Build),
        (StoreCommand.Name, StoreCommand.Build),
        (ImportUsMissionsCommand.Name, ImportUsMissionsCommand.Build),
        (DemoCommand.Name, DemoCommand.Build),
        (ServeCommand.Name, ServeCommand.Build),
        (PanelCommand.Name, PanelCommand.Build),
        (ApiKeyCommand.Name, ApiKeyCommand.Build),
        (Audit.VerifyCommand.Name, Audit.VerifyCommand.Build),
        (Audit.DigestCommand.Name, Audit.DigestCommand.Build),
        (Audit.AuditCommand.Name, Audit.AuditCommand.Build),
        (Audit.ExportCommand.Name, Audit.ExportCommand.Build),
        (Audit.ImportCommand.Name, Audit.ImportCommand.Build),
    ];

    /// <summary>
    /// The root's command the line names, as the parser reads the line (a word after <c>--store</c> is the store's, not a
    /// command): the line parsed on a tree of the commands' names alone, whose root takes the same options. Null when it names none.
    /// </summary>
    private static string? NamedCommand(string[] args)
    {
        var names = new RootCommand { StoreOption.Create() };
        foreach (var (name, _) in RootCommands) names.Add(new Command(name));
        var named = names.Parse(args, Parsing).CommandResult.Command;
        return named == names ? null : named.Name;
    }

    /// <summary>The command tree for one run, with <paramref name="only"/> (null: every command): made anew each time, so no option is shared between runs.</summary>
    private static RootCommand Commands(CliOutput io, string? only)
    {
        var root = new RootCommand("RelationsLedger: an event-sourced ledger of bilateral relations between states, governments and organisations.");
        root.Add(StoreOption.Create());
        foreach (var (name, build) in RootCommands)
            if (only is null || name == only) root.Add(build(io));
        return root;
    }

    /// <summary>
    /// Response files off: with them, any argument beginning with <c>@</c> — a summary, a speaker's handle — was replaced
    /// by the words of the file it named, so a script passing untrusted text recorded a local file into the ledger.
    /// </summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>Whether the command asked for machine output: its <c>--json</c> option given (also on a line that does not parse).</summary>
    private static bool AsksForJson(ParseResult parse)
    {
        var json = parse.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--json");
        if (json is null) return false;
        return parse.Errors.Count == 0 ? parse.GetValue(json) : parse.Tokens.Any(t => t.Type == TokenType.Option && t.Value == "--json");
    }

    /// <summary>
    /// Runs <c>ledger</c> with a plain console writing to <paramref name="output"/>: no colours, no
    /// prompts, no progress animation, tables 200 columns wide. For callers that capture the output
    /// (the tests, a script host) rather than show it on a terminal.
    /// </summary>
    public static Task<int> RunPlainAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default) =>
        RunPlainAsync(args, output, error, null, ct);

    /// <param name="input">Standard input for commands that read <c>-</c> (null: the process's).</param>
    public static Task<int> RunPlainAsync(string[] args, TextWriter output, TextWriter error, Stream? input, CancellationToken ct = default)
    {
        return RunAsync(args, () =>
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(output),
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = 200;
            return console;
        }, output, error, errorIsTerminal: false, input, ct: ct);
    }
}
