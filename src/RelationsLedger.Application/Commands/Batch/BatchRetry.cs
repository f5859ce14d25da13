namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// What the one who sent a batch should do after a failure that may have recorded some of it (a relationship's part appended
/// before a later one failed, or an append whose outcome is unknown): send the same batch again, whose commands are found by
/// their ids. A command that gave no <c>commandId</c> was given a new one when the batch was read, which the same batch sent
/// again does not repeat — the advice names those commands rather than promise that nothing is recorded twice.
/// </summary>
public static class BatchRetry
{
    public const string SameIds = "Retry the same batch with the same command ids: what was recorded is recognised and not recorded twice.";

    public static string Advice(RecordBatch batch)
    {
        var without = batch.Items.Where(i => !i.IdGiven).Select(i => i.Label).ToList();
        if (without.Count == 0) return SameIds;
        var correlation = batch.CorrelationId ?? batch.Items[0].Command.CommandId;
        var named = string.Join(", ", without.Take(3)) + (without.Count > 3 ? $" and {without.Count - 3} more" : "");
        return $"{SameIds} But {without.Count} of its {batch.Items.Count} commands gave no commandId ({named}) and were given new ids, which the same " +
            $"batch sent again does not repeat, so those could be recorded twice: find what was recorded by the batch's correlation id {correlation} " +
            $"('ledger history --correlation-id {correlation}') and send again only what is missing, each command with a commandId of its own.";
    }
}
