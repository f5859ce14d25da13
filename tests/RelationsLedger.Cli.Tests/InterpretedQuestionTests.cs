namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A question asked of the <c>ledger</c> program compiles no code of its own making at run time: FluentValidation's rules,
/// the container and System.Text.Json take their interpreted and reflection paths (<see cref="Hosting.InterpretedQuestion"/>),
/// which a cold <c>ledger state</c> pays less for than for compiling each once (docs/performance.md, round 32). The runtime
/// lists what it compiles (<c>DOTNET_JitStdOutFile</c>); code made at run time appears there as <c>(dynamicClass)</c> methods.
/// </summary>
public sealed class InterpretedQuestionTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => Path.Combine(_folder.Path, "ledger.db");

    [Fact]
    public async Task A_state_question_of_the_program_compiles_no_expressions_and_answers_the_same()
    {
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "demo")).ExitCode);
        string[] question = ["--store", Store, "state", "AF", "taliban", "--as-of", "2024-12-31", "--json"];
        var inProcess = await LedgerCli.RunAsync(question);
        Assert.Equal(0, inProcess.ExitCode);

        var (run, methods) = await LedgerCli.RunProcessListingCompiledAsync(_folder.Path, question);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(inProcess.Out, run.Out);
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.", StringComparison.Ordinal)); // the list is the run's
        Assert.DoesNotContain(methods, m => m.Contains("(dynamicClass):lambda_method", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
