using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Cli.Hosting;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A line that does not name <c>record</c> is parsed without <c>record</c>'s subcommands, and a question does not read the
/// command catalogue at all: making the subcommands reads it (every command described by reflection), and the container
/// registers the commands' handlers from <see cref="CommandTypes"/> without it — a cold <c>ledger state</c> paid for both
/// on every run (docs/performance.md, round 33).
/// </summary>
public sealed class RecordSubcommandsOnDemandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => Path.Combine(_folder.Path, "ledger.db");

    private static int RecordSubcommands(params string[] args)
    {
        var io = new CliOutput(() => throw new InvalidOperationException("no console"), TextWriter.Null, TextWriter.Null);
        var root = LedgerApp.Parse(args, io).RootCommandResult.Command;
        // A line that names another command has no record command at all (RootCommandsOnDemandTests).
        return root.Subcommands.SingleOrDefault(c => c.Name == "record")?.Subcommands.Count ?? 0;
    }

    [Theory]
    [InlineData("state", "AF", "taliban", "--json")]
    [InlineData("--help")]
    [InlineData("record-batch", "items.ndjson")]
    [InlineData("state", "record", "US")]
    public void A_line_that_does_not_name_record_has_no_record_subcommands(params string[] args) =>
        Assert.Equal(0, RecordSubcommands(args));

    [Theory]
    [InlineData("record")]
    [InlineData("record", "--help")]
    [InlineData("--store", "x.db", "record", "impose-designation", "--actor", "RU")]
    [InlineData("record", "no-such-command")]
    public void A_line_that_names_record_has_one_subcommand_per_command(params string[] args) =>
        Assert.Equal(CommandCatalogue.All.Count, RecordSubcommands(args));

    [Fact]
    public async Task A_state_question_of_the_program_does_not_describe_the_commands()
    {
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "demo")).ExitCode);
        // What the runtime compiles (the tests' build is not compiled ahead of time): a method that runs is in the list.
        async Task<string[]> Compiled(params string[] args)
        {
            var (run, compiled) = await LedgerCli.RunProcessListingCompiledAsync(_folder.Path, args);
            Assert.True(run.ExitCode == 0, run.Error);
            return compiled;
        }
        const string Describe = "CommandCatalogue:Describe(";

        var question = await Compiled("--store", Store, "state", "AF", "taliban", "--as-of", "2024-12-31", "--json");
        Assert.Contains(question, m => m.Contains("JIT compiled RelationsLedger.Application.DependencyInjection:AddRelationsLedger", StringComparison.Ordinal));
        Assert.DoesNotContain(question, m => m.Contains(Describe, StringComparison.Ordinal));

        // The same list for a line naming record does show the catalogue read: the name looked for is the one the runtime writes.
        var help = await Compiled("record", "--help");
        Assert.Contains(help, m => m.Contains(Describe, StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
