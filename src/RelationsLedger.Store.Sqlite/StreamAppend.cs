using RelationsLedger.Application.Storage;

namespace RelationsLedger.Store.Sqlite;

/// <summary>One stream's part of a batch: see <see cref="SqliteEventStore.AppendBatchAsync"/>.</summary>
public sealed record StreamAppend(string Stream, ExpectedRevision Expected, IReadOnlyList<EventData> Events);
