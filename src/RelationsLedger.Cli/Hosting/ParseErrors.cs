using System.CommandLine;
using System.Text.RegularExpressions;
using RelationsLedger.Cli.Output;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// What is wrong with a command line, one line per problem (a missing option, an unknown one, a value that
/// cannot be read), in words rather than .NET type names, and where to look for the usage — not the whole
/// help text. Exit code <see cref="ExitCodes.Invalid"/>.
/// </summary>
public static partial class ParseErrors
{
    public static async Task<int> WriteAsync(CliOutput io, ParseResult parse)
    {
        var errors = parse.Errors.Select(e => Readable(e.Message)).Distinct().ToList();
        var path = string.Join(' ', CommandPath(parse.CommandResult.Command));
        var failure = new Failure(ExitCodes.Invalid, Api.Errors.ProblemTypes.Validation,
            ["Invalid input:", .. errors.Select(e => $"  {Printable.Text(e)}"), $"Run 'ledger{(path.Length == 0 ? "" : " " + path)} --help' for its usage."],
            [("errors", new Dictionary<string, List<string>> { ["commandLine"] = errors })]);
        await failure.WriteAsync(io);
        return failure.ExitCode;
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? s = command; s is Command c && s is not RootCommand; s = c.Parents.FirstOrDefault()) names.Push(c.Name);
        return names;
    }

    /// <summary>System.CommandLine's messages, with the expected type said in words.</summary>
    public static string Readable(string message)
    {
        var m = CannotParse().Match(message);
        if (!m.Success) return message;
        var (value, option, type) = (m.Groups["value"].Value, m.Groups["option"].Value, m.Groups["type"].Value);
        var expected = type switch
        {
            _ when type.Contains("Guid", StringComparison.Ordinal) => "a UUID, e.g. 5b7c3a52-1f0e-4a55-9d8e-0c6a4a1c2d11",
            _ when type.Contains("DateTimeOffset", StringComparison.Ordinal) => "a moment in ISO 8601, e.g. 2025-04-17T12:00:00Z",
            _ when type.Contains("Int", StringComparison.Ordinal) => "a whole number",
            _ => "of the form its --help describes",
        };
        return $"{option}: '{value}' is not {expected}.";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|argument) '(?<option>[^']*)' as expected type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex CannotParse();
}
