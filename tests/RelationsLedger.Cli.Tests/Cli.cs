using System.Diagnostics;
using RelationsLedger.Cli;

namespace RelationsLedger.Cli.Tests;

public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs <c>ledger</c> in-process (fast) or as a real process (as a user would).</summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await LedgerApp.RunPlainAsync(args, output, error);
        return new(code, output.ToString(), error.ToString());
    }

    /// <summary>Starts the built <c>ledger</c> program with <c>dotnet ledger.dll</c>, in a folder of the test's choosing.</summary>
    public static async Task<CliResult> RunProcessAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ledger.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("RELATIONSLEDGER_STORE");
        start.Environment["TMPDIR"] = workingDirectory; // a temporary ledger (ledger demo) goes into the test's folder, deleted with it
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new(process.ExitCode, await output, await error);
    }
}

/// <summary>A fresh folder for a test's files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("relationsledger-cli-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } // best effort
    }
}
