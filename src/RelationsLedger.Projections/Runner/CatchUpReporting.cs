namespace RelationsLedger.Projections.Runner;

/// <summary>
/// Where a host wants to hear about the read model's own work while a question waits for it: why it is
/// being made again (one line), and how a long catch-up progresses. The CLI writes them to standard
/// error (progress only on a terminal); the API logs notices.
/// </summary>
public sealed class CatchUpReporting
{
    public Action<string>? Notice { get; set; }

    public Action<ProjectionProgress>? Progress { get; set; }
}
