using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Benchmarks.Generation;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro validate [--commands C] [--rounds R]</c>: what validating each command of <c>macro pipeline</c>'s own ledger (the same
/// spec) costs, in the calling thread's CPU time (the figure load inflates least): every validator of the command's type, as the
/// pipeline runs them, without a memo of the sources (the pipeline before round 50) and with the container's
/// (<see cref="CommandValidators.Recording"/>, the pipeline since). The two run in turn, R rounds after two untimed ones;
/// each one's median round is printed, and what it allocated a command.
/// </summary>
public static class ValidateScenario
{
    public static Task RunAsync(Options o)
    {
        var commands = o.Int("commands", 8_000);
        var rounds = Measure.RoundsOption(o);
        var sent = PipelineScenario.OwnLedger(o, commands).Select(CommandMapper.ToCommand).ToList();
        using var services = new ServiceCollection().AddRelationsLedger().BuildServiceProvider();
        var validators = services.GetRequiredService<CommandValidators>();
        var refused = sent.Count(c => validators.Validate(c).Count > 0);
        if (refused > 0) throw new InvalidOperationException($"{refused} of the generated commands were refused: the figure would not be the pipeline's.");
        var parts = new (string Name, Action Run)[]
        {
            ("without a memo", () => sent.ForEach(c => validators.Validate(c))),
            ("with the container's memo", () => sent.ForEach(c => validators.Validate(c, validators.Recording))),
        };
        Measure.Rounds(parts, rounds, untimed: 2, sent.Count, micro: false);
        return Task.CompletedTask;
    }
}
