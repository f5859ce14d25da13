namespace RelationsLedger.Cli.Tests;

/// <summary>
/// What a cold <c>ledger state</c> drawn as a table (goal 6's own command) no longer does (round 36; docs/performance.md): LINQ or
/// a list over a Guid or a tuple holding one (generic instantiations over value types that the tool's composite ReadyToRun
/// image does not hold, compiled at run time), and, written to output that is not a terminal, read the terminal's height,
/// which loads the terminfo database; nor does it use the framework's cryptography, whose random numbers load OpenSSL (round 48).
/// All run as real processes with the runtime's list of what they compile; standard output is a pipe, as when a table is piped
/// or redirected.
/// </summary>
public sealed class ColdTableShapeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => Path.Combine(_folder.Path, "ledger.db");

    private async Task<IReadOnlyList<string>> TableCompiledByAsync(IReadOnlyDictionary<string, string?> environment)
    {
        Assert.Equal(0, (await LedgerCli.RunAsync("--store", Store, "demo")).ExitCode);
        var (run, methods) = await LedgerCli.RunProcessListingCompiledAsync(_folder.Path, environment,
            ["--store", Store, "state", "RU", "taliban", "--as-of", "2024-12-31"]);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("│ Designation │", run.Out, StringComparison.Ordinal); // a table with rows, each with its event's short id
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Cli.Output.StateTable:Write", StringComparison.Ordinal));
        return methods;
    }

    [Fact]
    public async Task A_state_table_runs_no_LINQ_or_list_over_a_Guid()
    {
        var methods = await TableCompiledByAsync(new Dictionary<string, string?>());
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled System.", StringComparison.Ordinal) && m.Contains("System.Guid", StringComparison.Ordinal)
            && (m.Contains("System.Linq.", StringComparison.Ordinal) || m.Contains("System.Collections.Generic.List`1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_state_table_written_to_a_pipe_does_not_read_the_terminfo_database()
    {
        // The framework's methods are listed only when they are not taken from its ahead-of-time images: DOTNET_ReadyToRun=0.
        // TERM names a terminal type, as in a user's shell; the database is read (or looked for) only when the height is asked.
        var methods = await TableCompiledByAsync(new Dictionary<string, string?> { ["DOTNET_ReadyToRun"] = "0", ["TERM"] = "xterm" });
        Assert.Contains(methods, m => m.Contains("JIT compiled Spectre.Console.Rendering.RenderOptions:Create", StringComparison.Ordinal));
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled System.TermInfo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_table_uses_nothing_of_the_framework_s_cryptography()
    {
        // The decoded items' hash seed came from RandomNumberGenerator, which on Linux is OpenSSL's: libssl and libcrypto loaded
        // into the question for eight bytes (round 48). With DOTNET_ReadyToRun=0 every framework method that runs is listed.
        var methods = await TableCompiledByAsync(new Dictionary<string, string?> { ["DOTNET_ReadyToRun"] = "0" });
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Projections.Relationships.DecodedItems:Get", StringComparison.Ordinal));
        Assert.DoesNotContain(methods, m => m.Contains("JIT compiled System.Security.Cryptography.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_tables_plain_cells_are_measured_and_drawn_in_one_pass()
    {
        // Round 61: a plain cell (printable ASCII, no markup) is measured and wrapped by PlainText, not by Spectre.Console's
        // paragraph, which asks each word's width by enumerating its runes into a new array several times a word (round 58).
        var methods = await TableCompiledByAsync(new Dictionary<string, string?>());
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Cli.Output.PlainText:Measure", StringComparison.Ordinal));
        Assert.Contains(methods, m => m.Contains("JIT compiled RelationsLedger.Cli.Output.PlainText:Render", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
