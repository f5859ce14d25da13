using BenchmarkDotNet.Running;
using RelationsLedger.Benchmarks.Macro;

// `macro <scenario> --options…` runs one macro scenario; anything else goes to BenchmarkDotNet
// (e.g. `--filter '*Fold*'`). See docs/performance.md for the commands behind every figure.
if (args is ["macro", var scenario, .. var rest])
{
    Options options;
    try { options = new Options(rest); }
    catch (ArgumentException e)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 2;
    }
    Measure.Machine();
    await (scenario switch
    {
        "generate" => GenerateScenario.RunAsync(options),
        "commands" => CommandsScenario.RunAsync(options),
        "http" => HttpCommandsScenario.RunAsync(options),
        "catchup" => CatchUpScenario.RunAsync(options),
        "asof" => AsOfScenario.RunAsync(options),
        "appendread" => AppendReadScenario.RunAsync(options),
        "profile" => ProfileScenario.RunAsync(options),
        "pipeline" => PipelineScenario.RunAsync(options),
        "failover" => RelationsLedger.Benchmarks.Cluster.FailoverScenario.RunAsync(options),
        "replicas" => RelationsLedger.Benchmarks.Cluster.ReplicaLagScenario.RunAsync(options),
        "reservations" => RelationsLedger.Benchmarks.Cluster.ReservationCostScenario.RunAsync(options),
#if HAS_PROJECTIONS
        "rebuild" => ProjectionScenarios.RebuildAsync(options),
        "queries" => ProjectionScenarios.QueriesAsync(options),
        "panel" => PanelScenario.RunAsync(options),
#endif
        _ => throw new ArgumentException($"Unknown scenario '{scenario}': generate, commands, http, catchup, asof, appendread, profile, pipeline, failover, replicas, reservations, rebuild, queries, panel."),
    });
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Options).Assembly).Run(args);
return 0;
