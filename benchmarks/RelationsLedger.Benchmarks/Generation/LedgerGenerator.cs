using RelationsLedger.Domain.Parties;

namespace RelationsLedger.Benchmarks.Generation;

/// <summary>The shape of a generated ledger. The defaults are the issue's: 1M events, 5,000 relationships, ~200 parties.</summary>
/// <param name="CollidingIds">
/// Every event id made so that <see cref="Guid.GetHashCode"/> is 0 (its four 32-bit words cancel by exclusive or): the
/// ids a hostile writer would choose to make a table keyed by that hash walk every id on each look-up (round 44 of issue #16).
/// </param>
public sealed record LedgerSpec(int Seed = 7, int Events = 1_000_000, int Relationships = 5_000, int LongRelationships = 4, int LongestEvents = 25_000, bool CollidingIds = false)
{
    /// <summary>A smaller ledger of the same shape, for smoke runs while developing.</summary>
    public LedgerSpec Scaled(double factor) => this with
    {
        Events = (int)(Events * factor),
        Relationships = Math.Max(10, (int)(Relationships * factor)),
        LongestEvents = Math.Max(100, (int)(LongestEvents * factor)),
    };
}

/// <summary>
/// A deterministic (seeded) ledger: each relationship is simulated on its own random stream (so the
/// output does not depend on the order of generation), and the relationships' records are then
/// interleaved into one global recording order, as analysts would enter them over the years.
/// </summary>
public static class LedgerGenerator
{
    public static readonly DateOnly Start = new(1945, 1, 1);
    public static readonly DateOnly End = new(2025, 6, 30);

    public static IReadOnlyList<GeneratedEvent> Generate(LedgerSpec spec)
    {
        var master = new Random(spec.Seed);
        var sources = Vocabulary.Sources(master);
        var plan = Plan(spec, master);
        var all = new List<(double Order, GeneratedEvent Event)>(spec.Events);
        for (var i = 0; i < plan.Count; i++)
        {
            var (key, count) = plan[i];
            var rng = new Random(unchecked(spec.Seed * 1_000_003 + i));
            var start = i < spec.LongRelationships ? Start : Start.AddDays(rng.Next(End.DayNumber - Start.DayNumber - 3650));
            var simulator = new RelationshipSimulator(key, rng, sources, start, End, count, spec.CollidingIds);
            for (var n = 0; n < count; n++)
                all.Add(((n + rng.NextDouble()) / count, simulator.Next())); // keeps each stream's order, spreads it over the log
        }
        all.Sort((x, y) => x.Order.CompareTo(y.Order));
        return all.ConvertAll(x => x.Event);
    }

    /// <summary>Which relationships, and how many events each: a few very long records and a long tail.</summary>
    public static IReadOnlyList<(RelationshipKey Key, int Events)> Plan(LedgerSpec spec, Random rng)
    {
        var keys = new List<RelationshipKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (a, b) in Parties.Busiest.Take(spec.LongRelationships).Concat(RandomPairs(rng)))
        {
            var key = RelationshipKey.Of(a, b);
            if (seen.Add(key.StreamName)) keys.Add(key);
            if (keys.Count == spec.Relationships) break;
        }

        var counts = new int[keys.Count];
        var longTotal = 0;
        for (var i = 0; i < spec.LongRelationships; i++)
            longTotal += counts[i] = (int)(spec.LongestEvents * (1.0 - 0.15 * i)); // 25k, 21k, 17.5k, 14k at full scale

        // The tail: log-normal weights (most relationships are quiet, some are busy), at least one event each.
        var rest = keys.Count - spec.LongRelationships;
        var weights = Enumerable.Range(0, rest).Select(_ => Math.Exp(1.1 * Gaussian(rng))).ToArray();
        var budget = spec.Events - longTotal - rest;
        var scale = budget / weights.Sum();
        for (var i = 0; i < rest; i++) counts[spec.LongRelationships + i] = 1 + (int)(weights[i] * scale);
        counts[^1] += spec.Events - counts.Sum(); // rounding
        return keys.Select((k, i) => (k, counts[i])).ToList();
    }

    private static IEnumerable<(string, string)> RandomPairs(Random rng)
    {
        while (true)
        {
            // Mostly state–state; one pair in ten involves a movement or an organisation.
            var a = rng.Pick(Parties.States);
            var b = rng.Next(10) == 0 ? rng.Pick(Parties.Organisations) : rng.Pick(Parties.States);
            if (a != b) yield return (a, b);
        }
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
