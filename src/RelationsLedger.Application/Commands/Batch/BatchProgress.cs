namespace RelationsLedger.Application.Commands.Batch;

/// <summary>How far a batch is: <paramref name="Done"/> of <paramref name="Total"/> relationships in <paramref name="Stage"/> (deciding, appending, recorded).</summary>
public sealed record BatchProgress(string Stage, int Done, int Total, int Items);
