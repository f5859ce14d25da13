using BenchmarkDotNet.Running;
using RelationsLedger.Benchmarks.Macro;

// `macro <scenario> --options…` runs one macro scenario; anything else goes to BenchmarkDotNet
// (e.g. `--filter '*Fold*'`). See docs/performance.md for the commands behind every figure.
var scenarios = new Dictionary<string, Func<Options, Task>>(StringComparer.Ordinal)
{
    ["generate"] = GenerateScenario.RunAsync,
    ["commands"] = CommandsScenario.RunAsync,
    ["http"] = HttpCommandsScenario.RunAsync,
    ["catchup"] = CatchUpScenario.RunAsync,
    ["asof"] = AsOfScenario.RunAsync,
    ["appendread"] = AppendReadScenario.RunAsync,
    ["profile"] = ProfileScenario.RunAsync,
    ["decide"] = DecideScenario.RunAsync,
    ["early-mends"] = EarlyMendsScenario.RunAsync,
    ["pipeline"] = PipelineScenario.RunAsync,
    ["seal"] = SealScenario.RunAsync,
    ["validate"] = ValidateScenario.RunAsync,
    ["compactjson"] = CompactJsonScenario.RunAsync,
    ["failover"] = RelationsLedger.Benchmarks.Cluster.FailoverScenario.RunAsync,
    ["replicas"] = RelationsLedger.Benchmarks.Cluster.ReplicaLagScenario.RunAsync,
    ["reservations"] = RelationsLedger.Benchmarks.Cluster.ReservationCostScenario.RunAsync,
    ["reservationcheck"] = RelationsLedger.Benchmarks.Cluster.ReservationCheckScenario.RunAsync,
    ["copy"] = CopyScenario.RunAsync,
#if HAS_PROJECTIONS
    ["rebuild"] = ProjectionScenarios.RebuildAsync,
    ["queries"] = ProjectionScenarios.QueriesAsync,
    ["across"] = AcrossScenario.RunAsync,
    ["panel"] = PanelScenario.RunAsync,
    ["firstload"] = FirstLoadScenario.RunAsync,
#endif
};
if (args is ["macro", .. var macro])
{
    // `macro`, `macro --help` or a mistyped scenario: say what there is, rather than an unhandled exception (or, for `macro`
    // alone, BenchmarkDotNet's prompt waiting on standard input).
    if (macro is not [var scenario, .. var rest] || !scenarios.TryGetValue(scenario, out var run))
    {
        await Console.Error.WriteLineAsync($"Usage: macro <scenario> [--option value …]. The scenarios: {string.Join(", ", scenarios.Keys)}. " +
            "docs/performance.md (\"How to run\") gives the command behind every figure. Nothing was run.");
        return 2;
    }
    Options options;
    try { options = new Options(rest); }
    catch (ArgumentException e)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 2;
    }
    Measure.Machine();
    // Values are read as a scenario needs them: one that is not a number ends the run with its name, not a stack trace.
    try { await run(options); }
    catch (ArgumentException e)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 2;
    }
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Options).Assembly).Run(args);
return 0;
