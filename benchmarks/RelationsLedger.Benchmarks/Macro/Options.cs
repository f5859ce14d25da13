using System.Globalization;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Benchmarks.Generation;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary><c>--name value</c> options of a macro scenario, with the generator's spec.</summary>
public sealed class Options
{
    /// <summary>
    /// Every option a scenario reads. A name not among them is refused before anything runs: an option mistyped
    /// (<c>--comands 3000</c>) or <c>--help</c> was ignored, and the scenario measured its defaults — minutes of a run that
    /// was not the one asked for. Reading a name not listed here throws, so the list cannot fall behind the scenarios.
    /// </summary>
    public static readonly IReadOnlySet<string> Names = new SortedSet<string>(StringComparer.Ordinal)
    {
        "aspects", "allocations", "appends", "batch", "cache-mb", "chunk", "colliding-ids", "commands", "durability", "early-percent", "events", "every", "failovers", "fold-ahead-from",
        "from", "in-process", "key", "longest", "mends", "no-live-projections", "only", "output", "party", "prewarm", "queries", "read-model-mb", "reader", "relationships",
        "replay", "reservations", "reserve", "rounds", "seed", "server-pid", "settle", "store", "streams", "to", "url", "version", "warmup", "window", "writers",
    };

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
        if (_values.Keys.Where(n => !Names.Contains(n)).ToList() is { Count: > 0 } unknown)
            throw new ArgumentException($"Unknown option(s) {string.Join(", ", unknown.Select(n => $"--{n}"))}; the options are " +
                $"{string.Join(", ", Names.Select(n => $"--{n}"))} (each scenario reads its own: docs/performance.md). Nothing was run.");
    }

    public string? Text(string name) =>
        Names.Contains(name) ? _values.GetValueOrDefault(name) : throw new InvalidOperationException($"--{name} is read but not in Options.Names.");

    public string Required(string name) => Text(name) ?? throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) => Text(name) is { } v ? Whole<int>(name, v) : fallback;

    public long? Long(string name) => Text(name) is { } v ? Whole<long>(name, v) : null;

    // A value that is not a number (`--rounds x`) was an unhandled FormatException naming no option.
    private static T Whole<T>(string name, string value) where T : System.Numerics.IBinaryInteger<T> =>
        T.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"--{name} must be a whole number, not '{value}'.");

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
            CollidingIds = Flag("colliding-ids"),
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
