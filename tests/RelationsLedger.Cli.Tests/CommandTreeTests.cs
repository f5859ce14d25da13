using System.CommandLine;
using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Cli.Tests;

/// <summary>Each run of <c>ledger</c> makes its own command tree.</summary>
public sealed class CommandTreeTests
{
    // Before: the record commands' common options (--on, --source, --json, …) and --store were static, shared by every
    // tree made in a process. System.CommandLine keeps each option's parents in a list it walks on every add, so each
    // run in a process that runs the ledger again and again (a script host, the tests) made the list longer and the next
    // run slower: in the test process, half of all CPU went into Symbol.AddParent.
    [Fact]
    public void Two_runs_share_no_option_argument_or_command()
    {
        static HashSet<Symbol> Symbols(Command root)
        {
            var seen = new HashSet<Symbol>(ReferenceEqualityComparer.Instance);
            var next = new Stack<Command>([root]);
            while (next.TryPop(out var command))
            {
                seen.Add(command);
                foreach (var o in command.Options) seen.Add(o);
                foreach (var a in command.Arguments) seen.Add(a);
                foreach (var sub in command.Subcommands) next.Push(sub);
            }
            return seen;
        }
        CliOutput Io() => new(Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings()), TextWriter.Null, TextWriter.Null);

        // A line naming record: the tree then has record's subcommands too.
        var first = Symbols(LedgerApp.Parse(["record"], Io()).RootCommandResult.Command);
        var second = Symbols(LedgerApp.Parse(["record"], Io()).RootCommandResult.Command);

        Assert.True(first.Count > 200, $"only {first.Count} symbols were found in the tree");
        var shared = first.Where(second.Contains).Select(s => s.Name).Distinct().Order().ToList();
        Assert.True(shared.Count == 0, $"shared between two runs: {string.Join(", ", shared)}");
    }
}
