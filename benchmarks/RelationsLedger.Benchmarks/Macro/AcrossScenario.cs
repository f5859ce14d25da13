#if HAS_PROJECTIONS
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RelationsLedger.Application.Queries.Across;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Projections;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Benchmarks.Macro;

/// <summary>
/// <c>macro across --store F.db [--party P] [--queries N] [--from YEAR] [--to YEAR] [--only QUESTION] [--output answers.ndjson]</c>: the questions
/// across relationships of one party (its missions of any level and of at least an embassy, the designations by it and of it)
/// for <c>N</c> seeded days between two years, each also as known at three moments of the log (a quarter, half and three
/// quarters of its events recorded). Reports each question's CPU on the asking thread (median and spread), and with
/// <c>--output</c> writes every answer as the API's JSON, one line each: two builds' files are equal when their answers are.
/// <c>--only missions</c> asks only the questions whose name starts so. <c>--party</c> defaults to the party with the most mission and designation versions as actor (the US on the missions import).
/// </summary>
public static class AcrossScenario
{
    public static async Task RunAsync(Options o)
    {
        var path = o.Required("store");
        await using var store = await Ledgers.OpenSqliteAsync(path, o);
        await using var services = Ledgers.WithProjections(store, path);
        await services.GetRequiredService<ProjectionRunner>().CatchUpAsync();
        var party = o.Text("party") ?? Busiest(ReadModelDatabase.PathFor(path));
        var (from, to) = (new DateOnly(o.Int("from", 1780), 1, 1), new DateOnly(o.Int("to", 2024), 12, 31));
        var rng = new Random(17);
        var days = Enumerable.Range(0, o.Int("queries", 500))
            .Select(_ => from.AddDays(rng.Next(to.DayNumber - from.DayNumber + 1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        DateTimeOffset?[] moments = [null, .. KnownAtMoments(path)];
        var questions = new (string Name, Func<string, DateTimeOffset?, Task<object>> Ask)[]
        {
            ("missions of any level", async (day, known) => await services.SendAsync(new GetMissionsAtLeast(party, "interests-section", day, known))),
            ("missions of at least embassy", async (day, known) => await services.SendAsync(new GetMissionsAtLeast(party, "embassy", day, known))),
            ("designations by", async (day, known) => await services.SendAsync(new GetDesignationsBy(party, day, known))),
            ("designations of", async (day, known) => await services.SendAsync(new GetDesignationsOf(party, day, known))),
        };
        await using var output = o.Text("output") is { } file ? new StreamWriter(file) : null;
        Measure.Report("party", $"{party}; {days.Count} days {from:yyyy}–{to:yyyy}, as known now and at {moments.Length - 1} moments");
        foreach (var (name, ask) in questions.Where(q => o.Text("only") is not { } only || q.Name.StartsWith(only, StringComparison.Ordinal)))
        {
            foreach (var day in days.Take(20)) await ask(day, null); // JIT, pool, page cache
            var (cpu, items) = (new List<double>(), 0L);
            var processCpu = Measure.Cpu();
            foreach (var known in moments)
                foreach (var day in days)
                {
                    var (thread, start) = (Environment.CurrentManagedThreadId, Measure.ThreadCpuMs());
                    var answer = await ask(day, known);
                    // A question's CPU on its thread, when it ran on one thread throughout (its awaits completed synchronously).
                    if (Environment.CurrentManagedThreadId == thread && Measure.ThreadCpuMs() - start is { } used) cpu.Add(used);
                    items += answer switch { AcrossView<Mission> m => m.Items.Count, AcrossView<Designation> d => d.Items.Count, _ => 0 };
                    if (output is not null) await output.WriteLineAsync(JsonSerializer.Serialize(answer, answer.GetType(), LedgerJson.Answers));
                }
            var count = moments.Length * days.Count;
            Measure.Latencies($"{name}: thread CPU a question, ms", cpu);
            Measure.Report($"{name}: process", string.Create(CultureInfo.InvariantCulture,
                $"{(Measure.Cpu() - processCpu).TotalMilliseconds / count:N3} ms CPU a question (every thread), {items / (double)count:N1} items an answer, n={count}"));
        }
        Measure.Memory("across");
    }

    /// <summary>The party with the most mission and designation versions as actor, read from the read model directly (the harness, not the product).</summary>
    private static string Busiest(string readModel)
    {
        using var c = new SqliteConnection($"Data Source={readModel};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT actor FROM item_versions WHERE kind IN ({DesignationsAspect.Kind.Code}, {MissionsAspect.Kind.Code}) GROUP BY actor ORDER BY COUNT(*) DESC, actor LIMIT 1";
        return (string)cmd.ExecuteScalar()!;
    }

    private static readonly int[] Quarters = [1, 2, 3];

    /// <summary>When a quarter, half and three quarters of the log's events had been recorded.</summary>
    private static IEnumerable<DateTimeOffset?> KnownAtMoments(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT recorded_at FROM events ORDER BY position";
        var ticks = new List<long>();
        using (var r = cmd.ExecuteReader()) while (r.Read()) ticks.Add(r.GetInt64(0));
        return Quarters.Select(q => (DateTimeOffset?)new DateTimeOffset(ticks[ticks.Count * q / 4], TimeSpan.Zero));
    }
}
#endif
