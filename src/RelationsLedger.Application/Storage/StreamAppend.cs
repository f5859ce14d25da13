namespace RelationsLedger.Application.Storage;

/// <summary>One stream's part of an append to several streams: see <see cref="IEventStore.AppendManyAsync"/>.</summary>
public sealed record StreamAppend(string Stream, ExpectedRevision Expected, IReadOnlyList<EventData> Events);
