using RelationsLedger.Api.Relationships;
using RelationsLedger.Application.Commands.Batch;

namespace RelationsLedger.Api.Commands;

/// <summary>The answer to a batch: its correlation id, how many events it added, and each command's event, in the batch's order.</summary>
public sealed record BatchAccepted(Guid? CorrelationId, int NewlyRecorded, IReadOnlyList<BatchItemAccepted> Items)
{
    public static BatchAccepted Of(BatchRecorded recorded) =>
        new(recorded.CorrelationId, recorded.NewlyRecorded, recorded.Items.Select(i => new BatchItemAccepted(
            i.Item, i.Command, i.EventId, i.Type, i.Stream, i.Revision, i.Position.ToString(), i.AlreadyRecorded,
            RelationshipEndpoints.EventPath(i.Stream, i.Revision))).ToList());
}
