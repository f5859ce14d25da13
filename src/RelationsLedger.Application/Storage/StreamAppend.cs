namespace RelationsLedger.Application.Storage;

/// <summary>One stream's part of a batch: see <see cref="IBatchAppendingStore.AppendBatchAsync"/>.</summary>
public sealed record StreamAppend(string Stream, ExpectedRevision Expected, IReadOnlyList<EventData> Events);
