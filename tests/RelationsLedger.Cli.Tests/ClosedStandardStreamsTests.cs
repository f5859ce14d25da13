using System.Diagnostics;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// Standard output or standard error closed by the shell (<c>&gt;&amp;-</c>, <c>2&gt;&amp;-</c>), as a script or a service
/// manager may start a program. The .NET runtime then takes file descriptor 1 (or 2) for a pipe of its own, opened for
/// reading, so every write there fails with EBADF, which .NET raises as <see cref="UnauthorizedAccessException"/>, not
/// <see cref="IOException"/>. Found in round 53 by hand: <c>ledger state DE FR &gt;&amp;-</c> exited 1 "unexpected error:
/// UnauthorizedAccessException … This is a bug" — also after <c>record</c> had recorded its event, which a user may then record
/// again — and <c>ledger state DE FR --as-of 2019-13-01 2&gt;&amp;-</c> was aborted by the runtime (exit 134, SIGABRT): the
/// report of the failed write failed the same way. Real processes, started through the shell that closes the stream.
/// </summary>
public sealed class ClosedStandardStreamsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private string Store => _folder.File("ledger.db");

    public void Dispose() => _folder.Dispose();

    /// <summary>Runs <c>ledger</c> through /bin/sh with <paramref name="redirect"/> applied; reads whichever stream is left open.</summary>
    private async Task<CliResult> RunWithAsync(string redirect, params string[] args)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder.Path };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"$@\" {redirect}");
        start.ArgumentList.Add("sh");
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "ledger.dll"), "--store", Store, .. args]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return new(process.ExitCode, await output, await error);
    }

    private static readonly string[] Talks =
        ["record", "hold-engagement", "--party-a", "FR", "--party-b", "DE", "--kind", "talks", "--on", "2020-05", "--source", "publisher=AFP;title=Talks"];

    [Fact]
    public async Task An_answer_to_a_closed_standard_output_is_named_unwritable_not_a_bug()
    {
        Assert.Equal(0, (await LedgerCli.RunAsync(["--store", Store, .. Talks, "--title", "A"])).ExitCode);

        foreach (var args in new[] { new[] { "state", "DE", "FR" }, ["history", "DE", "FR", "--json"], ["verify"] })
        {
            var run = await RunWithAsync(">&-", args);
            Assert.True(run.ExitCode == 9, $"{args[0]}: exit {run.ExitCode}: {run.Error}");
            Assert.Contains("Cannot write the output: standard output is not open for writing (closed, as >&- leaves it)", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("bug", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_command_that_recorded_before_its_closed_output_failed_says_so()
    {
        var run = await RunWithAsync(">&-", [.. Talks, "--title", "A"]);

        Assert.True(run.ExitCode == 9, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("What the command recorded before it printed stays recorded", run.Error, StringComparison.Ordinal);
        var history = await LedgerCli.RunAsync("--store", Store, "history", "DE", "FR", "--json");
        Assert.Contains("\"title\": \"A\"", history.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_with_standard_error_closed_ends_with_its_exit_code_not_an_abort()
    {
        Assert.Equal(0, (await LedgerCli.RunAsync(["--store", Store, .. Talks, "--title", "A"])).ExitCode);

        var invalid = await RunWithAsync("2>&-", "state", "DE", "FR", "--as-of", "2019-13-01");
        Assert.Equal(2, invalid.ExitCode); // before: 134, the runtime's abort
        Assert.Equal("", invalid.Out);

        var answered = await RunWithAsync("2>&-", "state", "DE", "FR", "--as-of", "2021-01-01", "--json");
        Assert.True(answered.ExitCode == 0, answered.Out);
        Assert.Contains("\"asOf\": \"2021-01-01\"", answered.Out, StringComparison.Ordinal);
    }
}
