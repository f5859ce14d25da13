using System.Text.Json.Serialization;
using MediatR;

namespace RelationsLedger.Application.Commands.Batch;

/// <summary>
/// Several commands recorded as a whole: validated together (every error at once), decided together per relationship
/// (<see cref="Domain.Decisions.DecideTogether"/>), and appended in one append per relationship — all of the batch in
/// one transaction on the embedded store. <see cref="CorrelationId"/> is the batch's (by default its first command's id):
/// the one its items share unless they give their own, so its events are found — and decided again — together.
/// </summary>
public sealed record RecordBatch(IReadOnlyList<BatchItem> Items, Guid? CorrelationId = null) : IRequest<BatchRecorded>
{
    /// <summary>Told how far the batch got (deciding each relationship, appending), for progress on a terminal.</summary>
    [JsonIgnore]
    public Action<BatchProgress>? Progress { get; init; }
}
