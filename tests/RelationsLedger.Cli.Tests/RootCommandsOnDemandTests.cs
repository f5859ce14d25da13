using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A line that names one of the root's commands is parsed on a tree with only that command made; a line that names none (the
/// root's help, a mistyped command, no command) on the whole tree. Before, every run made all twenty commands' options,
/// arguments and actions — the panel's kinds, the server's, the audit's — to use one's (docs/performance.md, round 47).
/// </summary>
public sealed class RootCommandsOnDemandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => Path.Combine(_folder.Path, "ledger.db");

    /// <summary>The root's commands as its help lists them.</summary>
    private static readonly string[] All =
    [
        "record", "record-batch", "state", "history", "designations-by", "designations-of", "missions-of", "changed", "projections", "store",
        "import-us-missions", "demo", "serve", "panel", "api-key", "verify", "digest", "audit", "export", "import",
    ];

    private static System.CommandLine.ParseResult Parse(params string[] args) =>
        LedgerApp.Parse(args, new CliOutput(() => throw new InvalidOperationException("no console"), TextWriter.Null, TextWriter.Null));

    private static string[] Made(params string[] args) => Parse(args).RootCommandResult.Command.Subcommands.Select(c => c.Name).ToArray();

    [Theory]
    [InlineData("state", "state", "AF", "taliban", "--json")]
    [InlineData("state", "--store", "x.db", "state", "AF", "taliban")]
    [InlineData("state", "state", "--help")]
    [InlineData("state", "state", "AF")] // a mistake under it is still its own
    [InlineData("designations-by", "designations-by", "US")]
    [InlineData("changed", "changed", "--from", "2020-01-01", "--to", "2020-12-31")]
    [InlineData("projections", "projections", "rebuild", "--json")]
    [InlineData("projections", "projections", "no-such-subcommand")]
    [InlineData("record", "record", "impose-designation", "--actor", "RU")]
    [InlineData("import", "import", "events.ndjson")]
    public void A_line_that_names_a_command_makes_that_command_alone(string named, params string[] args) =>
        Assert.Equal([named], Made(args));

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("stat", "US", "CU")]
    [InlineData("State", "US", "CU")]
    [InlineData("--store")]
    [InlineData("--store", "x.db")]
    public void A_line_that_names_no_command_makes_them_all_in_the_order_help_lists_them(params string[] args) =>
        Assert.Equal(All, Made(args));

    [Fact]
    public void A_command_name_given_as_the_store_is_the_store()
    {
        var parse = Parse("--store", "history", "state", "AF", "taliban");
        Assert.Equal(["state"], parse.RootCommandResult.Command.Subcommands.Select(c => c.Name));
        Assert.Equal("state", parse.CommandResult.Command.Name);
        Assert.Empty(parse.Errors);
        Assert.Equal("history", StoreOption.Text(parse));
    }

    [Fact]
    public async Task A_state_question_of_the_program_makes_no_other_command()
    {
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "demo")).ExitCode);
        // What the runtime compiles (the tests' build is not compiled ahead of time): a method that runs is in the list.
        async Task<string[]> Compiled(params string[] args)
        {
            var (run, compiled) = await LedgerCli.RunProcessListingCompiledAsync(_folder.Path, args);
            Assert.True(run.ExitCode == 0, run.Error);
            return compiled;
        }
        string[] others = ["PanelCommand:Build(", "ServeCommand:Build(", "VerifyCommand:Build(", "HistoryCommand:Build("];

        var question = await Compiled("--store", Store, "state", "AF", "taliban", "--as-of", "2024-12-31");
        Assert.Contains(question, m => m.Contains("JIT compiled RelationsLedger.Cli.Commands.StateCommand:Build(", StringComparison.Ordinal));
        foreach (var other in others) Assert.DoesNotContain(question, m => m.Contains(other, StringComparison.Ordinal));

        // The root's help makes them all: the names looked for are the ones the runtime writes.
        var help = await Compiled("--help");
        foreach (var other in others) Assert.Contains(help, m => m.Contains(other, StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
