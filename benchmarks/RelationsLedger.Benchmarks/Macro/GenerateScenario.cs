using System.Diagnostics;
using RelationsLedger.Benchmarks.Generation;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro generate --store F.db [--events N] [--reserve R] [--window W] [--colliding-ids]</c>: generates the ledger and
/// writes its first N events into a fresh store through the fast path (sealed appends, no decisions).
/// Reports generation and write rates separately: the write rate is the store's bulk-append rate.
/// </summary>
public static class GenerateScenario
{
    public static async Task RunAsync(Options o)
    {
        var path = o.Required("store");
        Ledgers.Delete(path);
        var spec = o.Spec();
        var watch = Stopwatch.StartNew();
        var events = LedgerGenerator.Generate(spec);
        Measure.Rate("generate (simulate + check rules)", events.Count, watch.Elapsed);
        Summarise(events, o.Preloaded);

        await using var store = await Ledgers.OpenSqliteAsync(path, o);
        var writer = new StoreWriter(store);
        var window = o.Int("window", 10_000);
        long written = 0;
        var elapsed = await Measure.TimeAsync(async () => written = await writer.WriteAsync(events.Take(o.Preloaded), window));
        Measure.Rate($"bulk append (seal + store, window {window})", written, elapsed);
        Measure.Rate("  of which the store's batch appends", written, writer.StoreTime);
        Measure.Memory("generate + write");
        Measure.Report("store file", $"{new FileInfo(path).Length / 1024.0 / 1024.0:N0} MB");
    }

    private static void Summarise(IReadOnlyList<GeneratedEvent> events, int preloaded)
    {
        var head = events.Take(preloaded).ToList();
        var streams = head.GroupBy(e => e.Key.StreamName).Select(g => g.Count()).OrderDescending().ToList();
        Measure.Report("relationships / parties", $"{streams.Count:N0} / {head.SelectMany(e => new[] { e.Key.First, e.Key.Second }).Distinct().Count()}");
        Measure.Report("longest records", string.Join(", ", streams.Take(6).Select(c => c.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))));
        Measure.Report("median record", streams[streams.Count / 2].ToString(System.Globalization.CultureInfo.InvariantCulture));
        var mix = head.GroupBy(e => Domain.Events.EventCatalogue.NameOf(e.Event)).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {100.0 * g.Count() / head.Count:N1}%");
        Measure.Report("mix", string.Join(", ", mix));
        var precision = head.GroupBy(e => e.EffectiveDate.Precision).Select(g => $"{g.Key} {100.0 * g.Count() / head.Count:N0}%");
        Measure.Report("effective date precision", string.Join(", ", precision));
    }
}
