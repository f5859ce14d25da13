using System.CommandLine;
using System.CommandLine.Parsing;

namespace RelationsLedger.Cli.Hosting;

/// <summary>
/// An option's value that is one of the command's own options, written as a word of its own: <c>--speaker --json</c>, the
/// speaker forgotten. System.CommandLine gives an option that takes a value the next word whatever it is (as getopt does), so
/// that line recorded a statement whose speaker is "--json" — an event no later command can take out of the record — and
/// <c>export -o --json</c> wrote the export to a file named <c>--json</c>. Such a line is refused, naming the option and the
/// word, and nothing is done. A value meant so is still given joined to its option: <c>--speaker=--json</c>, <c>-o=--json</c>.
/// </summary>
internal static class OptionsTakenAsValues
{
    /// <summary>
    /// One problem per option value that is an option of the command, when <paramref name="args"/> holds it as a word of its own
    /// more often than the parser took it as an option (<c>-o=--json --json</c> writes the file <c>--json</c> and prints JSON);
    /// then the parser's other errors, but those the taken words explain: a word left unrecognised (<c>--speaker --store X</c>
    /// leaves X) and an option said to be missing that was taken (<c>--target --reason r</c>: "--reason is required").
    /// None when no value was taken.
    /// </summary>
    public static List<string> Find(ParseResult parse, IReadOnlyList<string> args)
    {
        // Every option's name begins with '-': a line whose values do not (nearly every line) is done without a look at the options.
        if (!OptionResults(parse.RootCommandResult).Any(r => r.Tokens.Any(t => t.Value.StartsWith('-')))) return [];
        var command = parse.CommandResult.Command;
        var options = InScope(command);
        bool TakenAlone(string word) =>
            args.Count(a => a == word) > parse.Tokens.Count(t => t.Type == TokenType.Option && t.Value == word);
        var found = new List<string>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in OptionResults(parse.RootCommandResult))
        {
            var typed = result.IdentifierToken?.Value ?? result.Option.Name;
            foreach (var token in result.Tokens.Where(t => options.ContainsKey(t.Value) && TakenAlone(t.Value)))
            {
                found.Add($"{typed}: '{token.Value}' is an option of 'ledger {string.Join(' ', ParseErrors.CommandPath(command))}', not {typed}'s value: give {typed} its value " +
                    $"before the next option (a value that is meant to read '{token.Value}' is written joined: {typed}={token.Value}).");
                taken.Add(options[token.Value].Name);
            }
        }
        if (found.Count == 0) return found;
        var explained = taken.Select(name => $"Option '{name}' is required.").ToHashSet(StringComparer.Ordinal);
        return [.. found, .. ParseErrors.Readable(parse.Errors.Where(e =>
            !e.Message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal) && !explained.Contains(e.Message)))];
    }

    /// <summary>Every name and alias of the options a line of <paramref name="command"/> may give, its own and its parents' recursive ones (<c>--store</c>), to the option.</summary>
    private static Dictionary<string, Option> InScope(Command command)
    {
        var names = new Dictionary<string, Option>(StringComparer.Ordinal);
        void Add(Option option)
        {
            names.TryAdd(option.Name, option);
            foreach (var alias in option.Aliases) names.TryAdd(alias, option);
        }
        foreach (var option in command.Options) Add(option);
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            foreach (var option in parent.Options.Where(o => o.Recursive)) Add(option);
        return names;
    }

    private static IEnumerable<OptionResult> OptionResults(CommandResult command)
    {
        foreach (var child in command.Children)
        {
            if (child is OptionResult option) yield return option;
            else if (child is CommandResult sub)
                foreach (var nested in OptionResults(sub)) yield return nested;
        }
    }
}
