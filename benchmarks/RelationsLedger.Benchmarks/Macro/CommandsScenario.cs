using System.Diagnostics;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Benchmarks.Generation;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro commands --store F.db [--events N] [--reserve R] [--commands C] [--warmup W]</c>: one writer
/// sends the next C generated changes of the ledger in F.db (written by <c>generate</c> with the same
/// spec) as commands through the full pipeline: MediatR, validation, load, decision, hash, append.
/// Works on a copy of F.db. <c>--prewarm</c> loads the relationships into the history cache first
/// (a long-running writer's steady state); <c>--cache-mb</c> sizes that cache (in MB). Every command must be accepted: a refusal is a generator bug and fails the run.
/// </summary>
public static class CommandsScenario
{
    public static async Task RunAsync(Options o)
    {
        var (tail, warmup) = o.NextCommands();

        var path = Ledgers.WorkingCopy(o.Required("store"));
        try
        {
            await using var store = await Ledgers.OpenSqliteAsync(path, o);
            await using var services = Ledgers.Services(store, o);
            if (o.Flag("prewarm")) await Prewarm.RunAsync(services, tail);
            await SendAsync(services, tail.Take(warmup), []);
            var latencies = new List<double>(tail.Count);
            var cpu = Measure.Cpu();
            var elapsed = await Measure.TimeAsync(() => SendAsync(services, tail.Skip(warmup), latencies));
            cpu = Measure.Cpu() - cpu;
            Measure.Rate("commands through the full pipeline, one writer", latencies.Count, elapsed, "commands");
            Measure.CpuPer("CPU, whole process", cpu, latencies.Count, elapsed, "command");
            Measure.Latencies("command latency", latencies);
            Measure.Memory("commands");
        }
        finally
        {
            Ledgers.Delete(path);
        }
    }

    private static async Task SendAsync(Microsoft.Extensions.DependencyInjection.ServiceProvider services, IEnumerable<RecordCommand> commands, List<double> latencies)
    {
        foreach (var command in commands)
        {
            var start = Stopwatch.GetTimestamp();
            var recorded = await services.SendAsync(command);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (recorded.AlreadyRecorded) throw new InvalidOperationException($"{command.CommandId} was recorded already: is the store from another spec?");
        }
    }
}
