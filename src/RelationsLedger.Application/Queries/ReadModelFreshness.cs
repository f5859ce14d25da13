namespace RelationsLedger.Application.Queries;

/// <summary>
/// How current the read model behind an answer is. Query handlers catch the read model up to
/// the end of the log before answering; when that fails (a projection stopped on an event),
/// they still answer from what is projected and say so here: how many events it is behind and why.
/// </summary>
public sealed record ReadModelFreshness(string Projection, string Position, long Behind, string? Failure)
{
    public bool IsCurrent => Behind == 0 && Failure is null;
}
