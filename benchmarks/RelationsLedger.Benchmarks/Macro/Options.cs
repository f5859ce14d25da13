using System.Globalization;
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
}
