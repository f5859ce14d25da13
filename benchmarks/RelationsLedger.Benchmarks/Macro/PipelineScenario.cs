using System.Diagnostics;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Generation;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro pipeline [--commands C] [--chunk K] [--durability normal]</c>: one writer's commands through the full
/// pipeline (MediatR, validation, load through the history cache, decision, seal, append) against the raw
/// append of the very same sealed events, each on a fresh file, in alternating chunks of K so that both
/// sides see the same machine load. Prints both rates, their ratio, and the CPU time per operation
/// (the figure that load does not inflate), and the time the JIT spent compiling in each side's windows (mostly the runtime's
/// tier-up of hot code on its background thread, whose CPU is counted in whichever side's window it ran: a cost of the
/// process's first seconds, not of each command). The JIT's time is elapsed time on its threads, so load inflates it: at a
/// high load it can exceed the CPU it stands for. <c>--only pipeline</c> or <c>--only raw</c> runs one side alone, for a
/// profile of that side (the other's rate is then not printed); <c>--allocations</c> lists the types the run allocates most.
/// </summary>
public static class PipelineScenario
{
    public static async Task RunAsync(Options o)
    {
        var commands = o.Int("commands", 6_000);
        var chunk = o.Int("chunk", 250);
        var warmup = Math.Min(o.Int("warmup", 1_000), commands / 2);
        var only = o.Text("only");
        if (only is not (null or "pipeline" or "raw")) throw new ArgumentException($"--only is 'pipeline' or 'raw', not '{only}'.");
        var (pipelineSide, rawSide) = (only is null or "pipeline", only is null or "raw");
        var generated = OwnLedger(o, commands);
        var sent = generated.Select(CommandMapper.ToCommand).ToList();

        var pipelinePath = Path.Combine(Path.GetTempPath(), $"rl-pipeline-{Environment.ProcessId}.db");
        var rawPath = Path.Combine(Path.GetTempPath(), $"rl-raw-{Environment.ProcessId}.db");
        Ledgers.Delete(pipelinePath);
        Ledgers.Delete(rawPath);
        try
        {
            await using var pipelineStore = await Ledgers.OpenSqliteAsync(pipelinePath, o);
            await using var rawStore = await Ledgers.OpenSqliteAsync(rawPath, o);
            await using var services = Ledgers.Services(pipelineStore, o);
            var heads = new Dictionary<string, (ulong? Revision, string? Hash)>(StringComparer.Ordinal);
            var (pipelineTime, rawTime, pipelineCpu, rawCpu) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
            var (pipelineJit, rawJit) = (TimeSpan.Zero, TimeSpan.Zero);
            var (pipelineBytes, rawBytes) = (0L, 0L);
            var latencies = new List<double>();
            // --allocations: what the timed loop allocates, by type (the runtime's sample; see AllocationSampler). With --only pipeline, the pipeline's.
            using var sampler = o.Flag("allocations") ? new AllocationSampler() : null;
            for (var start = 0; start < generated.Count; start += chunk)
            {
                var count = Math.Min(chunk, generated.Count - start);
                var timed = start >= warmup;

                var (wall, cpu, bytes, jit) = (Stopwatch.StartNew(), Measure.Cpu(), GC.GetTotalAllocatedBytes(), Jit());
                for (var i = start; i < start + count && pipelineSide; i++)
                {
                    var t = Stopwatch.GetTimestamp();
                    await services.SendAsync(sent[i]);
                    if (timed) latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                if (timed)
                    (pipelineTime, pipelineCpu, pipelineBytes, pipelineJit) =
                        (pipelineTime + wall.Elapsed, pipelineCpu + Measure.Cpu() - cpu, pipelineBytes + GC.GetTotalAllocatedBytes() - bytes, pipelineJit + Jit() - jit);

                // The raw side seals outside the clock: it measures the store's append alone.
                var sealedEvents = new List<(string Stream, EventData Data, ExpectedRevision Expected)>(count);
                for (var i = start; i < start + count && rawSide; i++)
                {
                    var g = generated[i];
                    var stream = g.Key.StreamName;
                    var (revision, hash) = heads.GetValueOrDefault(stream);
                    var (data, next) = RelationshipRepository.Seal(stream, g.EventId, g.Event, g.EffectiveDate, g.Provenance, hash);
                    sealedEvents.Add((stream, data, ExpectedRevision.After(revision)));
                    heads[stream] = (revision is { } r ? r + 1 : 0, next);
                }
                (wall, cpu, bytes, jit) = (Stopwatch.StartNew(), Measure.Cpu(), GC.GetTotalAllocatedBytes(), Jit());
                foreach (var (stream, data, expected) in sealedEvents)
                    await rawStore.AppendAsync(stream, expected, [data]);
                if (timed)
                    (rawTime, rawCpu, rawBytes, rawJit) =
                        (rawTime + wall.Elapsed, rawCpu + Measure.Cpu() - cpu, rawBytes + GC.GetTotalAllocatedBytes() - bytes, rawJit + Jit() - jit);
            }
            var n = generated.Count - warmup;
            if (pipelineSide) Measure.Rate("commands through the full pipeline, one writer", n, pipelineTime, "commands");
            if (rawSide) Measure.Rate("raw append of the same sealed events", n, rawTime, "appends");
            if (only is null) Measure.Report("pipeline / raw append", $"{rawTime.TotalSeconds / pipelineTime.TotalSeconds:N2}×");
            Measure.Report("CPU per operation", $"pipeline {pipelineCpu.TotalMicroseconds / n:N0} µs, raw append {rawCpu.TotalMicroseconds / n:N0} µs");
            Measure.Report("JIT compiling in the windows (elapsed)", $"pipeline {pipelineJit.TotalMicroseconds / n:N0} µs, raw append {rawJit.TotalMicroseconds / n:N0} µs");
            Measure.Report("allocated per operation", $"pipeline {pipelineBytes / n:N0} B, raw append {rawBytes / n:N0} B");
            if (pipelineSide) Measure.Latencies("command latency", latencies);
            foreach (var line in sampler?.Top(25) ?? []) Console.WriteLine($"  {line}");
        }
        finally
        {
            Ledgers.Delete(pipelinePath);
            Ledgers.Delete(rawPath);
        }
    }

    /// <summary>
    /// The generated ledger this benchmark records (<c>--seed</c>, <c>--streams</c>; one long relationship of a tenth of the events):
    /// <c>macro seal</c> and <c>macro validate</c> measure their parts of the pipeline on the same events.
    /// </summary>
    public static List<GeneratedEvent> OwnLedger(Options o, int events) =>
        LedgerGenerator.Generate(new LedgerSpec(Seed: o.Int("seed", 7), Events: events, Relationships: o.Int("streams", 200), LongRelationships: 1, LongestEvents: events / 10)).ToList();

    /// <summary>The time the JIT has spent compiling in this process so far, on every thread (its tier-up runs on a thread of its own); elapsed, not CPU.</summary>
    private static TimeSpan Jit() => System.Runtime.JitInfo.GetCompilationTime(currentThread: false);
}
