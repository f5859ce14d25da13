using System.Diagnostics;
using Xunit.Sdk;

namespace RelationsLedger.Testing;

/// <summary>
/// What a failing property prints: its seed, how the history was made, and — for a history of commands — the smallest
/// history found that still fails, by recording fewer of its accepted steps again (each at its moment) on a fresh ledger
/// and asking the failing question again: whole halves, then quarters, down to single steps, for as long as the budget allows.
/// </summary>
public static class HistoryShrinker
{
    public static async Task<Exception> ExplainAsync(string property, int seed, RandomHistory history, Exception failure, Func<TestLedger, Task>? check, TimeSpan? budget = null)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{property} fails for seed {seed} ({(history.Steps.Count > 0 ? "commands" : "raw appends")}, {history.Events} events; {history.Outcomes.Accepted} accepted, {history.Outcomes.Refused} refused requests):");
        text.AppendLine(failure.Message);
        if (history.Steps.Count > 0 && check is not null)
        {
            var smallest = await ShrinkAsync(history.Steps, async steps => await FailsAsync(steps, check), budget ?? TimeSpan.FromSeconds(90));
            if (smallest is not null)
            {
                text.AppendLine($"The smallest history found that fails the same question ({smallest.Count} of {history.Steps.Count} accepted requests):");
                foreach (var (at, request) in smallest) text.AppendLine($"  at {at:O}: {RandomHistory.Describe(request)}");
            }
            else text.AppendLine("Recorded again without the runner's interleaving, the history does not fail: it needs the read model's catch-up points.");
        }
        text.AppendLine("Every step of the history:");
        foreach (var line in history.Log) text.AppendLine("  " + line);
        return new XunitException(text.ToString());
    }

    private static async Task<bool> FailsAsync(IReadOnlyList<(DateTimeOffset At, object Request)> steps, Func<TestLedger, Task> check)
    {
        await using var ledger = await TestLedger.OpenAsync(ManualClock.Fixed());
        await RandomHistory.ReplayAsync(ledger, steps);
        try
        {
            await check(ledger);
            return false;
        }
        catch (XunitException)
        {
            return true;
        }
    }

    /// <returns>The smallest failing sub-history found, or null when the whole one does not fail when recorded again.</returns>
    public static async Task<List<(DateTimeOffset At, object Request)>?> ShrinkAsync(
        IReadOnlyList<(DateTimeOffset At, object Request)> steps, Func<IReadOnlyList<(DateTimeOffset At, object Request)>, Task<bool>> fails, TimeSpan budget)
    {
        var current = steps.ToList();
        if (!await fails(current)) return null;
        var clock = Stopwatch.StartNew();
        for (var chunk = Math.Max(1, current.Count / 2); chunk >= 1 && clock.Elapsed < budget; chunk /= 2)
        {
            for (var start = 0; start < current.Count && clock.Elapsed < budget;)
            {
                var without = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                if (without.Count > 0 && await fails(without)) current = without;
                else start += chunk;
            }
            if (chunk == 1) break;
        }
        return current;
    }
}

/// <summary>
/// The seeds a property runs: its own range, or the range in <c>RELATIONSLEDGER_PROPERTY_SEEDS</c> (<c>FIRST-LAST</c>)
/// to search wider on demand (<c>RELATIONSLEDGER_PROPERTY_SEEDS=1-2000 dotnet test …</c>); a failing seed runs alone with
/// <c>RELATIONSLEDGER_PROPERTY_SEEDS=17-17</c>.
/// </summary>
public static class PropertySeeds
{
    public static IEnumerable<int> Or(int first, int count)
    {
        var text = Environment.GetEnvironmentVariable("RELATIONSLEDGER_PROPERTY_SEEDS");
        if (string.IsNullOrWhiteSpace(text)) return Enumerable.Range(first, count);
        var parts = text.Split('-', 2);
        var (from, to) = (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture));
        return Enumerable.Range(from, to - from + 1);
    }
}
