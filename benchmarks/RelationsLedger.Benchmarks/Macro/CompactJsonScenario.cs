using System.Globalization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Store.Sqlite;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro compactjson --store F.db [--every N] [--rounds R] [--version 3|4]</c>: what the compact store layout costs each
/// event, on a real ledger's events: every Nth event of the store (read through the store, so any layout gives its JSON),
/// each value (its <c>data</c>, its envelope) encoded as a file of that version keeps it (3: Brotli; 4, the default: zstd with
/// its dictionary), then decoded back, in the calling
/// thread's CPU time (the figure load inflates least). R rounds after one untimed round; the median round per event, the
/// spread, what each allocated an event, and the bytes the two values take compact against as given.
/// </summary>
public static class CompactJsonScenario
{
    public static async Task RunAsync(Options o)
    {
        var every = o.Int("every", 10);
        var rounds = o.Int("rounds", 9);
        var version = o.Int("version", 4);
        if (version is not (3 or 4)) throw new ArgumentException($"--version is 3 (Brotli) or 4 (zstd with a dictionary), not {version}.");
        var form = version == 3 ? CompactJson.Compact : CompactJson.Zstd;
        if (every < 1 || rounds < 1) throw new ArgumentException($"--every and --rounds are at least 1, not {every} and {rounds}.");
        var values = new List<byte[]>();
        await using (var store = await Ledgers.OpenSqliteAsync(o.Required("store")))
        {
            var i = 0;
            await foreach (var e in store.ReadAllAsync(null, long.MaxValue, StreamFilter.All))
                if (i++ % every == 0) values.AddRange([e.Data.ToArray(), e.Metadata.ToArray()]);
        }
        var events = values.Count / 2;
        var stored = new byte[values.Count][];
        // Values alternate: an event's data (even), its envelope (odd). Each part is one of them, over every event.
        Action Encode(int parity) => () =>
        {
            for (var k = parity; k < values.Count; k += 2) stored[k] = CompactJson.Encode(values[k], form);
        };
        Action Decode(int parity) => () =>
        {
            for (var k = parity; k < values.Count; k += 2)
                if (!CompactJson.TryDecode(stored[k], out _, out var why)) throw new InvalidOperationException(why);
        };
        var parts = new (string Name, Action Run)[]
        {
            ("encode data (with its read-back check)", Encode(0)),
            ("encode envelope (with its read-back check)", Encode(1)),
            ("decode data", Decode(0)),
            ("decode envelope", Decode(1)),
        };
        Measure.Rounds(parts, rounds, untimed: 1, events, micro: true);
        double Sum(Func<int, int> length, int parity) => Enumerable.Range(0, values.Count).Where(k => k % 2 == parity).Sum(length);
        Measure.Report("bytes an event, data / envelope", string.Create(CultureInfo.InvariantCulture,
            $"{Sum(k => values[k].Length, 0) / events:N1} / {Sum(k => values[k].Length, 1) / events:N1} as given, " +
            $"{Sum(k => stored[k].Length, 0) / events:N1} / {Sum(k => stored[k].Length, 1) / events:N1} compact ({events:N0} events)"));
    }
}
