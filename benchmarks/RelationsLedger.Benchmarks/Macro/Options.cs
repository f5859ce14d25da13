using System.Globalization;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Benchmarks.Generation;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary><c>--name value</c> options of a macro scenario, with the generator's spec.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Options(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null) _values[name] = "true";
                name = arg[2..];
            }
            else if (name is not null)
            {
                _values[name] = arg;
                name = null;
            }
            else throw new ArgumentException($"Unexpected argument '{arg}'.");
        }
        if (name is not null) _values[name] = "true";
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Text(name) ?? throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => Text(name) is "true";

    /// <summary>
    /// The ledger to generate: <c>--events</c> recorded up front plus <c>--reserve</c> more that the
    /// commands scenario sends through the pipeline (generated together so the tail continues the same records).
    /// </summary>
    public LedgerSpec Spec()
    {
        var events = Int("events", 1_000_000);
        var factor = events / 1_000_000.0;
        var spec = new LedgerSpec(Seed: Int("seed", 7)).Scaled(factor);
        return spec with
        {
            Events = events + Reserve,
            Relationships = Int("relationships", spec.Relationships),
            LongestEvents = Int("longest", spec.LongestEvents),
        };
    }

    public int Preloaded => Int("events", 1_000_000);

    public int Reserve => Int("reserve", 20_000);

    /// <summary>
    /// The changes generated after the ledger's events (<c>--commands</c>, at most the reserve) as commands, and how many
    /// of them warm up first (<c>--warmup</c>, at most half): what the scenarios that send commands to F.db send.
    /// </summary>
    public (List<RecordCommand> Commands, int Warmup) NextCommands()
    {
        var commands = Math.Min(Int("commands", 20_000), Reserve);
        var tail = LedgerGenerator.Generate(Spec()).Skip(Preloaded).Take(commands).Select(CommandMapper.ToCommand).ToList();
        return (tail, Math.Min(Int("warmup", 1_000), commands / 2));
    }
}
