namespace RelationsLedger.Application.Commands.Batch;

/// <summary>What a batch recorded: one entry per command, in the batch's order, and the batch's correlation id.</summary>
public sealed record BatchRecorded(Guid? CorrelationId, IReadOnlyList<BatchItemRecorded> Items)
{
    /// <summary>How many events this batch added (the rest were recorded already, by an earlier try of it).</summary>
    public int NewlyRecorded => Items.Count(i => !i.AlreadyRecorded);
}
