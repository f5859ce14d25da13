using System.Diagnostics;
using RelationsLedger.Cli;

namespace RelationsLedger.Testing;

public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs <c>ledger</c> in-process (fast) or as a real process (as a user would).</summary>
public static class LedgerCli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await LedgerApp.RunPlainAsync(args, output, error);
        return new(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>ledger</c> in-process with <paramref name="input"/> as its standard input.</summary>
    public static async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        using var stdin = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input));
        var code = await LedgerApp.RunPlainAsync(args, output, error, stdin);
        return new(code, output.ToString(), error.ToString());
    }

    /// <summary>Starts the built <c>ledger</c> program with <c>dotnet ledger.dll</c>, in a folder of the test's choosing.</summary>
    public static async Task<CliResult> RunProcessAsync(string workingDirectory, params string[] args) =>
        await RunProcessAsync(workingDirectory, new Dictionary<string, string?>(), args);

    public static async Task<CliResult> RunProcessAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await EndedAsync(process, args);
        return new(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// How long a <c>ledger</c> process a test waits for may run before it is taken for hung: a guard against hanging only,
    /// never a verdict on speed. It was 2 minutes until round 52, when a <c>ledger panel</c> of the US missions
    /// (StalledStandardOutputTests) ran longer than that with three test assemblies at once at load ~45.
    /// </summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    /// <summary>Until the process ends; past <see cref="HangGuard"/> it is killed (not left running) and the test fails saying so.</summary>
    private static async Task EndedAsync(Process process, string[] args)
    {
        using var timeout = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ledger {string.Join(' ', args)} had not ended after {HangGuard}: taken for hung, and killed");
        }
    }

    /// <summary>
    /// <see cref="RunProcessAsync(string, string[])"/> with the runtime listing every method it compiles at run time
    /// (<c>DOTNET_JitStdOutFile</c>): the tests' build is not compiled ahead of time, so a method that runs is in the list.
    /// The list is written in <paramref name="workingDirectory"/>.
    /// </summary>
    public static Task<(CliResult Run, string[] Compiled)> RunProcessListingCompiledAsync(string workingDirectory, params string[] args) =>
        RunProcessListingCompiledAsync(workingDirectory, new Dictionary<string, string?>(), args);

    /// <param name="environment">More of the process's environment (<c>DOTNET_ReadyToRun=0</c> lists the framework's methods too).</param>
    /// <remarks>
    /// The runtime's listing itself can abort the process as it exits — glibc's "free(): invalid pointer", SIGABRT, exit code
    /// 134 — seen once in a full run at load ~40 (round 47, ColdTableShapeTests, with <c>DOTNET_ReadyToRun=0</c>), never without
    /// the listing; in round 53 once more at load ~25 (with a profiling start-up hook in every process) as a non-zero end with
    /// nothing on standard error; in round 57 as SIGSEGV, exit code 139, nothing on standard error (ColdTableShapeTests with
    /// <c>DOTNET_ReadyToRun=0</c>, two assemblies' tests at once; not seen in 24 runs of the same command on a quiet machine, nor
    /// ever without the listing). A run that ended so (SIGABRT or SIGSEGV) is run once again; a second such end, or any other,
    /// is the test's to judge.
    /// </remarks>
    public static async Task<(CliResult Run, string[] Compiled)> RunProcessListingCompiledAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var (run, compiled) = await ListingCompiledAsync(workingDirectory, environment, args);
        return IsListingAbort(run) ? await ListingCompiledAsync(workingDirectory, environment, args) : (run, compiled);
    }

    private static bool IsListingAbort(CliResult run) => run.ExitCode is 134 or 139; // SIGABRT (128 + 6) or SIGSEGV (128 + 11)

    private static async Task<(CliResult Run, string[] Compiled)> ListingCompiledAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        var list = Path.Combine(workingDirectory, $"jit-{Guid.NewGuid():N}.txt");
        var listing = new Dictionary<string, string?>(environment) { ["DOTNET_JitStdOutFile"] = list, ["DOTNET_JitDisasmSummary"] = "1" };
        var run = await RunProcessAsync(workingDirectory, listing, args);
        return (run, File.Exists(list) || !IsListingAbort(run) ? await File.ReadAllLinesAsync(list) : []);
    }

    /// <summary>
    /// <see cref="RunProcessAsync(string, string[])"/> with a start-up hook (<see cref="StartupHook"/>, this assembly) that lists,
    /// as the process exits, the simple name of every assembly it loaded (<c>RelationsLedger.Store.KurrentDb</c>, <c>Spectre.Console</c>).
    /// The tests' build is compiled at run time, which loads an assembly as soon as a method that names one of its types is
    /// compiled, whether or not that line runs: no later than the tool's ReadyToRun image does.
    /// </summary>
    public static async Task<(CliResult Run, string[] Loaded)> RunProcessListingAssembliesAsync(string workingDirectory, params string[] args)
    {
        var list = Path.Combine(workingDirectory, $"assemblies-{Guid.NewGuid():N}.txt");
        var run = await RunProcessAsync(workingDirectory, new Dictionary<string, string?>
        {
            ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
            [StartupHook.ListVariable] = list,
        }, args);
        return (run, File.Exists(list) ? await File.ReadAllLinesAsync(list) : []);
    }

    /// <summary>
    /// Starts the built <c>ledger</c> with standard output a pipe whose reader takes the first <paramref name="characters"/>
    /// characters and then closes it, as <c>ledger … | head -c N</c> does; <see cref="CliResult.Out"/> is what it took.
    /// </summary>
    public static async Task<CliResult> RunProcessReadingAsync(string workingDirectory, int characters, params string[] args)
    {
        using var process = Start(workingDirectory, new Dictionary<string, string?>(), args);
        var error = process.StandardError.ReadToEndAsync();
        var taken = new char[characters];
        var count = 0;
        while (count < characters && await process.StandardOutput.ReadAsync(taken.AsMemory(count)) is > 0 and var n) count += n;
        process.StandardOutput.Close(); // the reader goes away: the ledger's next write finds the pipe closed
        await EndedAsync(process, args);
        return new(process.ExitCode, new string(taken, 0, count), await error);
    }

    /// <summary>Starts the built <c>ledger</c> as a real process and leaves it running: the caller reads its output and ends it.</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        var start = new ProcessStartInfo(IgnoredSignals is null ? "dotnet" : "env") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (IgnoredSignals is not null) foreach (var a in (string[])[$"--default-signal={IgnoredSignals}", "dotnet"]) start.ArgumentList.Add(a);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ledger.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("RELATIONSLEDGER_STORE");
        start.Environment.Remove("RELATIONSLEDGER_READ_MODEL");
        start.Environment["TMPDIR"] = workingDirectory; // a temporary ledger (ledger demo) goes into the test's folder, deleted with it
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>
    /// Whether this test process was started with SIGINT ignored — as a non-interactive shell starts a background job
    /// (<c>.ci/run &amp;</c>, <c>nohup … &amp;</c>) — which every process it starts inherits; .NET keeps an inherited ignore (a
    /// background job is not meant to stop at the terminal's Ctrl+C), so a test pressing Ctrl+C on a <c>ledger</c> process saw
    /// it run on (an import recorded all its events; <c>serve</c> did not stop). Then the process is started through
    /// <c>env --default-signal=INT</c>, as a terminal starts its foreground job: with SIGINT at its default (env execs, so the
    /// process keeps env's id). Read from /proc/self/status: SigIgn is a mask of ignored signals, bit 1 SIGINT. So is SIGHUP
    /// (bit 0) under <c>nohup</c>, which <c>ledger serve</c> reloads its keys on: "INT", "HUP", "INT,HUP" or null for none.
    /// </summary>
    private static readonly string? IgnoredSignals = File.Exists("/proc/self/status")
        && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
        && Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) is var ignored && (ignored & 0b11) != 0
            ? string.Join(",", ((string[])[(ignored & 0b10) != 0 ? "INT" : "", (ignored & 0b01) != 0 ? "HUP" : ""]).Where(s => s.Length > 0))
            : null;
}
