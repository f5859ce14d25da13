using RelationsLedger.Benchmarks.Generation;
using RelationsLedger.Benchmarks.Macro;
using RelationsLedger.Benchmarks.Marten;

// The peer benchmark: the ledger's embedded SQLite store and Marten on PostgreSQL, run side by side in one
// process on the same generated events, interleaved round by round; each figure is the median of the rounds.
// Usage (normally through benchmarks/peer/run-marten.sh, which starts and removes a throwaway cluster):
//   PEER_POSTGRES='Host=127.0.0.1;Port=…;Username=…;Database=postgres' RelationsLedger.Benchmarks.Marten.dll [--events 20000] [--rounds 3] [--writers 8]
var o = new Options(args);
var connection = Environment.GetEnvironmentVariable("PEER_POSTGRES")
    ?? throw new InvalidOperationException("PEER_POSTGRES (a PostgreSQL connection string) is not set; run benchmarks/peer/run-marten.sh.");
var count = o.Int("events", 20_000);
var rounds = o.Int("rounds", 3);
Measure.Machine();

// The same shape as `macro appendread`: 200 relationships, one long one, ~628-byte events.
var events = LedgerGenerator.Generate(new LedgerSpec(Seed: 3, Events: count, Relationships: o.Int("streams", 200), LongRelationships: 1, LongestEvents: count / 10));
await using var sides = await Sides.OpenAsync(connection);

// Untimed warm-up of both sides (JIT, Marten's generated code, connection pools), then the rounds.
await AppendScenario.RunAsync(sides, events.Take(300).ToList(), rounds: 1, writers: 1, new Results(print: false), tag: "warm");
sides.Streams.Clear();
var results = new Results(print: true);

await AppendScenario.RunAsync(sides, events, rounds, writers: 1, results);
await AppendScenario.RunAsync(sides, events, rounds, o.Int("writers", 8), results);
await ReadScenario.RunAsync(sides, rounds, results);
await RebuildScenario.RunAsync(sides, events, rounds, results);

results.Print();
return 0;
