using System.Diagnostics;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// A hostile round on the user's machine (round 65): <c>ledger</c> started under a small limit of open files (<c>prlimit
/// --nofile</c>, as <c>ulimit -n 64</c> in the user's shell). The runtime keeps every assembly it loads open, and past the limit
/// it could not load the next: "Could not load file or assembly 'FluentValidation' … The system cannot find the file
/// specified", a stack trace, the process aborted (exit code 134), whatever the command. Now the command says which limit,
/// exit code 1, no stack trace, nothing recorded, and the same command works once the limit is raised.
/// </summary>
public sealed class OpenFileLimitTests : IDisposable
{
    private const string Prlimit = "/usr/bin/prlimit";

    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    /// <summary><c>ledger</c> as a process that may have at most <paramref name="files"/> files open.</summary>
    private async Task<CliResult> LedgerWithAtMostAsync(int files, params string[] args)
    {
        var start = new ProcessStartInfo(Prlimit) { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[$"--nofile={files}:{files}", "dotnet", Path.Combine(AppContext.BaseDirectory, "ledger.dll"), "--store", Store, .. args])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(LedgerCli.HangGuard);
        await process.WaitForExitAsync(hang.Token);
        return new(process.ExitCode, await output, await error);
    }

    private static readonly string[] Statement = ["record", "make-statement", "--actor", "US", "--counterpart", "DE", "--speaker", "X",
        "--stance", "ally", "--summary", "S", "--on", "2020-01-01", "--source", "publisher=R;title=T"];

    [SkippableTheory]
    [InlineData("state", "US", "DE", "--as-of", "2024-12-31", "--json")]
    [InlineData("verify")]
    [InlineData("record", "make-statement", "--actor", "US", "--counterpart", "DE", "--speaker", "X", "--stance", "ally", "--summary", "S",
        "--on", "2020-01-01", "--source", "publisher=R;title=T")]
    public async Task A_command_past_the_limit_of_open_files_names_the_limit_and_runs_once_it_is_raised(params string[] args)
    {
        Skip.IfNot(File.Exists(Prlimit), $"prlimit is not installed ({Prlimit}; util-linux)");
        Assert.Equal(0, (await LedgerCli.RunAsync(["--store", Store, .. Statement])).ExitCode);

        var limited = await LedgerWithAtMostAsync(64, args);

        Assert.Equal(1, limited.ExitCode);
        Assert.StartsWith("ledger: cannot go on: the process may have at most 64 files open (ulimit -n) and has ", limited.Error, StringComparison.Ordinal);
        Assert.Contains("Raise the limit (ulimit -n 1024) and run the command again.", limited.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", limited.Error, StringComparison.Ordinal);
        Assert.Equal("", limited.Out);

        var raised = await LedgerWithAtMostAsync(1024, args);
        Assert.True(raised.ExitCode == 0, raised.Error);
        var history = await LedgerCli.RunAsync("--store", Store, "history", "DE", "US", "--json");
        Assert.Equal(args[0] == "record" ? 2 : 1, System.Text.Json.JsonDocument.Parse(history.Out).RootElement.GetArrayLength()); // none recorded under the limit
    }
}
