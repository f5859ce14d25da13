using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using RelationsLedger.Application.Queries;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// What is wrong with a command line, one line per problem (a missing option, an unknown one, a value that
/// cannot be read), in words rather than .NET type names, and where to look for the usage — not the whole
/// help text. Exit code <see cref="ExitCodes.Invalid"/>.
/// </summary>
public static partial class ParseErrors
{
    /// <param name="found">Problems found in the line beyond what the parser saw (<see cref="ArgumentBytes"/>); else the parser's.</param>
    public static async Task<int> WriteAsync(CliOutput io, ParseResult parse, IReadOnlyList<string>? found = null)
    {
        var path = string.Join(' ', CommandPath(parse.CommandResult.Command));
        var errors = found ?? (UnknownCommand(parse, path) is { } unknown ? [unknown] : Readable(parse.Errors).ToList());
        var failure = new Failure(ExitCodes.Invalid, Api.Errors.ProblemTypes.Validation,
            ["Invalid input:", .. errors.Select(e => $"  {Printable.Text(e)}"), $"Run 'ledger{(path.Length == 0 ? "" : " " + path)} --help' for its usage."],
            [("errors", new Dictionary<string, List<string>> { ["commandLine"] = errors.Select(EchoedText.Bounded).ToList() })]);
        await failure.WriteAsync(io);
        return failure.ExitCode;
    }

    /// <summary>The parser's errors in words, each once.</summary>
    public static IEnumerable<string> Readable(IEnumerable<ParseError> errors) => errors.Select(Readable).Distinct();

    /// <summary>The line has a word where a command was expected that is none (<see cref="UnknownCommand"/>).</summary>
    public static bool NamesNoCommand(ParseResult parse) => UnknownCommand(parse, "") is not null;

    /// <summary>
    /// A word where a command of <paramref name="path"/> was expected that is none, alone, with the commands close to it (a
    /// letter or two off, another case, or the start of one): System.CommandLine said "Required command was not provided."
    /// and then called every word of the line unrecognised. Null when the line is not missing a command.
    /// </summary>
    private static string? UnknownCommand(ParseResult parse, string path)
    {
        var command = parse.CommandResult.Command;
        if (command.Subcommands.Count == 0 || parse.UnmatchedTokens is not [var word, ..] || word.StartsWith('-')) return null;
        var close = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
            .Where(name => Application.Text.WordDistance.IsNear(name, word))
            .ToList();
        var ledger = path.Length == 0 ? "ledger" : $"ledger {path}";
        return close.Count == 0
            ? $"'{word}' is not a command of '{ledger}' ('{ledger} --help' lists them)."
            : $"'{word}' is not a command of '{ledger}'; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?";
    }

    /// <summary>The words that name <paramref name="command"/> after <c>ledger</c>: <c>record make-statement</c>.</summary>
    internal static IEnumerable<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? s = command; s is Command c && s is not RootCommand; s = c.Parents.FirstOrDefault()) names.Push(c.Name);
        return names;
    }

    /// <summary>System.CommandLine's messages, with the expected type said in words, a value not among an option's choices named with them, and an option of one value given more than once with its values.</summary>
    private static string Readable(ParseError error)
    {
        var message = error.Message;
        // "Option '--as-of' expects a single argument but 2 were provided.": said as the HTTP API says a parameter given twice, with its values.
        if ((error.SymbolResult as OptionResult ?? error.SymbolResult?.Parent as OptionResult) is { Option.Arity.MaximumNumberOfValues: 1, Tokens.Count: > 1 } repeated)
            return QueryRules.GivenMoreThanOnce(repeated.Option.Name, repeated.Tokens.Select(t => t.Value).ToList());
        if (NotAmongChoices().Match(message) is { Success: true } choice)
        {
            // "Argument 'x' not recognized. Must be one of:" then each choice on a line after a tab, and no option named.
            var name = (error.SymbolResult as OptionResult ?? error.SymbolResult?.Parent as OptionResult)?.Option.Name;
            var choices = string.Join(", ", Quoted().Matches(choice.Groups["choices"].Value).Select(q => q.Value));
            return $"{(name is null ? "" : name + ": ")}'{choice.Groups["value"].Value}' is not one of {choices}.";
        }
        if (MissingArguments(error) is { } missing) return missing;
        var m = CannotParse().Match(message);
        if (!m.Success) return message;
        var (value, option, type) = (m.Groups["value"].Value, m.Groups["option"].Value, m.Groups["type"].Value);
        var expected = type switch
        {
            _ when type.Contains("Guid", StringComparison.Ordinal) => "a UUID, e.g. 5b7c3a52-1f0e-4a55-9d8e-0c6a4a1c2d11",
            _ when type.Contains("Int", StringComparison.Ordinal) => "a whole number",
            _ => "of the form its --help describes",
        };
        return $"{option}: '{value}' is not {expected}.";
    }

    /// <summary>
    /// The arguments a command was not given, by name, with its usage: System.CommandLine said "Required argument missing for
    /// command: 'state'." of <c>ledger state RU</c>, naming neither the one missing nor the ones it takes (before round 62).
    /// </summary>
    private static string? MissingArguments(ParseError error)
    {
        if (!error.Message.StartsWith("Required argument missing for command", StringComparison.Ordinal)) return null;
        var result = error.SymbolResult as CommandResult ?? error.SymbolResult?.Parent as CommandResult;
        if (result is null) return null;
        var arguments = result.Command.Arguments.Where(a => !a.Hidden).ToList();
        var missing = arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && result.GetResult(a) is not { Tokens.Count: > 0 }).ToList();
        if (missing.Count == 0) return null;
        var usage = string.Join(' ', [.. CommandPath(result.Command), .. arguments.Select(a => $"<{a.Name}>")]);
        return $"{string.Join(" and ", missing.Select(a => $"<{a.Name}>"))} {(missing.Count == 1 ? "is" : "are")} missing: the command is 'ledger {usage}'.";
    }

    [GeneratedRegex(@"^Argument '(?<value>.*)' not recognized\. Must be one of:(?<choices>.*)$", RegexOptions.Singleline)]
    private static partial Regex NotAmongChoices();

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|argument) '(?<option>[^']*)' as expected type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex CannotParse();
}
