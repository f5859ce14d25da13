using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Benchmarks.Macro;

namespace RelationsLedger.Benchmarks.Micro;

/// <summary>
/// What validating one command of each kind costs, as the three paths run every validator of its type: the pipeline
/// (<see cref="Pipeline"/>: the container's memo of the sources, round 50), an import's line (<see cref="ImportLine"/>: as
/// recorded, with a run's memo, round 49) and a check without a memo (<see cref="NoMemo"/>: every rule, the sources' too, as a
/// CLI or API command's first check runs them). The commands are <c>macro pipeline</c>'s own (the same spec, seed 7), the first
/// <see cref="PerKind"/> of each kind (repeated when a kind has fewer). In process, one short job: 3 × the kinds × a few seconds.
/// <c>--filter '*CommandKindValidationBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcess))]
public class CommandKindValidationBenchmarks
{
    /// <summary>One short job in this process: 90 benchmarks of a few seconds each, rather than a process and a default job each.</summary>
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(7)
            .WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance));
    }

    private const int PerKind = 64;

    private static readonly List<RecordCommand> Generated =
        PipelineScenario.OwnLedger(new Options([]), 8_000).Select(CommandMapper.ToCommand).ToList();

    public static IEnumerable<string> Kinds() => Generated.Select(c => c.GetType().Name).Distinct().Order(StringComparer.Ordinal);

    [ParamsSource(nameof(Kinds))]
    public string Kind { get; set; } = "";

    private readonly CommandValidators _validators = new ServiceCollection().AddRelationsLedger().BuildServiceProvider().GetRequiredService<CommandValidators>();
    private readonly VouchedSources _run = new();
    private RecordCommand[] _commands = [];

    [GlobalSetup]
    public void Setup()
    {
        var ofKind = Generated.Where(c => c.GetType().Name == Kind).ToList();
        _commands = Enumerable.Range(0, PerKind).Select(i => ofKind[i % ofKind.Count]).ToArray();
        var refused = _commands.Count(c => _validators.Validate(c).Count > 0);
        if (refused > 0) throw new InvalidOperationException($"{refused} {Kind} commands were refused: the figure would not be a passing command's.");
    }

    [Benchmark(OperationsPerInvoke = PerKind)]
    public int Pipeline()
    {
        var failures = 0;
        foreach (var c in _commands) failures += _validators.Validate(c, _validators.Recording).Count;
        return failures;
    }

    [Benchmark(OperationsPerInvoke = PerKind)]
    public int ImportLine()
    {
        var failures = 0;
        foreach (var c in _commands) failures += _validators.ValidateAsRecorded(c, _run).Count;
        return failures;
    }

    [Benchmark(OperationsPerInvoke = PerKind)]
    public int NoMemo()
    {
        var failures = 0;
        foreach (var c in _commands) failures += _validators.Validate(c).Count;
        return failures;
    }
}
