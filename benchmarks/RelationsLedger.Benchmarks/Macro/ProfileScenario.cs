using System.Diagnostics;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Storage;
using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Parties;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro profile --store F.db [same options as commands]</c>: a Stopwatch breakdown of the command
/// pipeline, stage by stage (validation, load, decision, seal, append), doing what RecordHandler does
/// with the same services, to show where a command's time goes.
/// </summary>
public static class ProfileScenario
{
    public static async Task RunAsync(Options o)
    {
        var spec = o.Spec();
        var commands = Math.Min(o.Int("commands", 5_000), o.Reserve);
        var tail = LedgerGenerator.Generate(spec).Skip(o.Preloaded).Take(commands).ToList();
        var path = Ledgers.WorkingCopy(o.Required("store"));
        try
        {
            await using var store = await Ledgers.OpenSqliteAsync(path, o);
            await using var services = Ledgers.Services(store, o);
            if (o.Flag("prewarm")) await Prewarm.RunAsync(services, tail.Select(g => g.Key));
            var stages = new Dictionary<string, double>();
            void Add(string stage, long start) => stages[stage] = stages.GetValueOrDefault(stage) + Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var total = Stopwatch.StartNew();
            foreach (var g in tail)
            {
                var command = CommandMapper.ToCommand(g);
                await using var scope = services.CreateAsyncScope();
                var t = Stopwatch.GetTimestamp();
                var validatorType = typeof(IValidator<>).MakeGenericType(command.GetType());
                foreach (var v in scope.ServiceProvider.GetServices(validatorType).Cast<IValidator>())
                    if (!(await v.ValidateAsync(new ValidationContext<object>(command))).IsValid) throw new InvalidOperationException("invalid");
                Add("1 validate", t);

                t = Stopwatch.GetTimestamp();
                var repository = scope.ServiceProvider.GetRequiredService<RelationshipRepository>();
                var key = RelationshipKey.Of(command.Parties().A, command.Parties().B);
                var history = await repository.LoadAsync(key);
                Add("2 load (cache + tail read + decode)", t);

                t = Stopwatch.GetTimestamp();
                var e = command.ToEvent(history);
                var proposed = new Fact(command.CommandId, PartialDate.Parse(command.EffectiveDate), DateTimeOffset.MaxValue, history.Events.Count, e);
                var basis = history.Basis;
                Add("3 decision basis (build or extend)", t);
                t = Stopwatch.GetTimestamp();
                if (Decide.Check(basis, proposed) is { } conflict) throw new InvalidOperationException(conflict.Message);
                Add("4 decide", t);

                // The seal alone, timed apart, then the append as the handler makes it: sealed again and learnt by the history
                // cache, so the next command on the relationship finds its history current (a raw store append would leave the
                // cache behind, and every load would read and decode the tail the handler never reads).
                t = Stopwatch.GetTimestamp();
                RelationshipRepository.Seal(key.StreamName, command.CommandId, e, proposed.EffectiveDate, g.Provenance, history.LastHash);
                var sealing = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                Add("5 seal (JSON, hash, envelope)", t);

                t = Stopwatch.GetTimestamp();
                await repository.AppendAsync(history, command.CommandId, e, proposed.EffectiveDate, g.Provenance);
                stages["6 append (SQLite transaction, cache)"] = stages.GetValueOrDefault("6 append (SQLite transaction, cache)") + Stopwatch.GetElapsedTime(t).TotalMilliseconds - sealing;
            }
            var elapsed = total.Elapsed;
            Measure.Rate("profiled commands", tail.Count, elapsed, "commands");
            foreach (var (stage, ms) in stages.OrderBy(s => s.Key))
                Measure.Report($"  {stage}", $"{ms / tail.Count * 1000,8:N1} µs/command  {100 * ms / elapsed.TotalMilliseconds,5:N1}%");
        }
        finally
        {
            Ledgers.Delete(path);
        }
    }
}
