using System.Globalization;

namespace RelationsLedger.Benchmarks.Marten;

/// <summary>Events/s per round for each side of each figure; prints medians and the ratio ledger ÷ Marten.</summary>
public sealed class Results(bool print)
{
    private readonly List<(string Figure, List<double> Ledger, List<double> Marten)> _figures = [];

    public void Add(string figure, bool ledger, long events, TimeSpan elapsed)
    {
        var row = _figures.Find(f => f.Figure == figure);
        if (row.Figure is null) _figures.Add(row = (figure, [], []));
        (ledger ? row.Ledger : row.Marten).Add(events / elapsed.TotalSeconds);
        if (print) Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {figure,-44} {(ledger ? "ledger" : "marten"),-7} {events / elapsed.TotalSeconds,10:N0} events/s ({events:N0} in {elapsed.TotalSeconds:N2} s)"));
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"{"figure (median of rounds, events/s)",-46} {"ledger (SQLite FULL)",20} {"Marten (PostgreSQL)",20} {"ratio",8}");
        foreach (var (figure, ledger, marten) in _figures)
        {
            var (l, m) = (Median(ledger), Median(marten));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{figure,-46} {l,20:N0} {m,20:N0} {l / m,7:N2}x"));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
