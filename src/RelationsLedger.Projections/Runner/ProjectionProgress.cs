using RelationsLedger.Application.Storage;

namespace RelationsLedger.Projections.Runner;

/// <summary>A progress report of a catch-up or rebuild: where it is, how much it did, how fast.</summary>
public sealed record ProjectionProgress(string Projection, GlobalPosition? Position, GlobalPosition? Head, long EventsThisRun, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsThisRun / Elapsed.TotalSeconds : 0;

    /// <summary>0..1 by position (positions are dense in the embedded store), or null when the head is unknown.</summary>
    public double? Fraction => Done ?? (Head is { } h && h.Commit > 0 ? Math.Min(1.0, (double)(Position?.Commit ?? 0) / h.Commit) : null);

    /// <summary>Set by a bulk rebuild that loads stream by stream (the embedded store's: positions are not in order): events done over the head's position.</summary>
    public double? Done { get; init; }
}
